/**
 * Small edits of what an event holds: a recording's label and language, an attachment's caption,
 * and the archive-wide settings people edit (attribution, default language, glossary,
 * replacements).
 *
 * Owns: those changes as read-modify-writes of event.json / archive.json (through the archive,
 * under its lock), NOT_FOUND for an id the event does not have, and the settings view the UI shows.
 */
import type { ArchiveSettingsView, EventRecord, GlossaryEntry, RecordingLanguage, Replacement } from '../../api/schemas';
import { RisalahError } from '../errors';
import type { Archive } from './archive';
import type { ArchiveSettings } from './defaults';

export async function updateRecording(
  archive: Archive,
  eventId: string,
  recordingId: string,
  patch: { title?: string; language?: RecordingLanguage },
): Promise<EventRecord> {
  return archive.mutateEvent(eventId, (ev) => {
    const rec = ev.recordings.find((r) => r.id === recordingId);
    if (!rec) throw new RisalahError('NOT_FOUND', `no recording ${recordingId}`, { id: recordingId });
    if (patch.title !== undefined) rec.title = patch.title;
    if (patch.language !== undefined) rec.language = patch.language;
    return ev;
  });
}

export async function setAttachmentCaption(archive: Archive, eventId: string, attachmentId: string, caption: string): Promise<EventRecord> {
  return archive.mutateEvent(eventId, (ev) => {
    const att = ev.attachments.find((a) => a.id === attachmentId);
    if (!att) throw new RisalahError('NOT_FOUND', `no attachment ${attachmentId}`, { id: attachmentId });
    att.caption = caption;
    return ev;
  });
}

export function archiveSettingsView(archive: Archive): ArchiveSettingsView {
  const doc = archive.document;
  return {
    attributionVerb: doc.settings.attributionVerb,
    attributionStyle: doc.settings.attributionStyle,
    defaultLanguage: doc.settings.defaultLanguage,
    glossary: doc.glossary,
    replacements: doc.replacements,
  };
}

export interface ArchiveSettingsPatch extends Partial<ArchiveSettings> {
  glossary?: GlossaryEntry[];
  replacements?: Replacement[];
}

export async function updateArchiveSettings(archive: Archive, patch: ArchiveSettingsPatch): Promise<ArchiveSettingsView> {
  await archive.updateDocument((doc) => {
    if (patch.attributionVerb !== undefined) doc.settings.attributionVerb = patch.attributionVerb;
    if (patch.attributionStyle !== undefined) doc.settings.attributionStyle = patch.attributionStyle;
    if (patch.defaultLanguage !== undefined) doc.settings.defaultLanguage = patch.defaultLanguage;
    if (patch.glossary !== undefined) doc.glossary = patch.glossary;
    if (patch.replacements !== undefined) doc.replacements = patch.replacements;
  });
  return archiveSettingsView(archive);
}
