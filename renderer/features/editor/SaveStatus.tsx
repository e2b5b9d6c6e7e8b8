/**
 * How the editor's autosave stands, for the person: the status line beside undo/redo (saving,
 * not yet saved, failed — with "try again" —, changed elsewhere, saved) and the host's refusal of
 * a segment told in words under that segment.
 */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiCallError } from '../../../main/api/client';
import type { SessionSnapshot } from './session';

export function SaveStatus({ snap, onRetry }: { snap: SessionSnapshot; onRetry: () => void }) {
  const { t } = useTranslation();
  const text =
    snap.state === 'saving'
      ? t('common.saving')
      : snap.state === 'pending'
        ? t('editor.save.pending')
        : snap.state === 'error'
          ? t('editor.save.error')
          : snap.state === 'conflict'
            ? t('editor.save.conflict')
            : t('common.saved');
  return (
    <p className={`save-status save-${snap.state}`} role="status" data-state={snap.state} data-rev={snap.rev}>
      <span className="save-dot" aria-hidden="true" />
      {text}
      {snap.state === 'error' && (
        <button type="button" className="link-button" onClick={onRetry}>
          {t('editor.save.retry')}
        </button>
      )}
    </p>
  );
}

/** The host's refusals of a save, by segment index (`segments.<i>.<field>: …` issues). */
export function segmentIssues(t: TFunction, error: unknown): Map<number, string> {
  const out = new Map<number, string>();
  if (error instanceof ApiCallError && error.code === 'INVALID_INPUT') {
    for (const issue of error.issues) {
      const m = /^segments\.(\d+)\.(\w+):\s*(.*)$/.exec(issue);
      if (m) out.set(Number(m[1]), segmentIssue(t, m[2] as string, m[3] as string));
    }
  }
  return out;
}

function segmentIssue(t: TFunction, field: string, problem: string): string {
  if (/after the end/.test(problem)) return t('editor.issues.afterEnd');
  if (/before its start/.test(problem)) return t('editor.issues.endBeforeStart');
  if (/out of order/.test(problem)) return t('editor.issues.order');
  if (field === 'speaker') return t('editor.issues.speaker');
  if (/too big|too long|<=/i.test(problem)) return t('validation.tooLong');
  if (/control characters/i.test(problem)) return t('validation.controlCharacters');
  return t('validation.invalid');
}
