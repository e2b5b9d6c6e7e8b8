/** A labelled progress bar (role=progressbar); indeterminate when the fraction is unknown. */
export function ProgressBar({ fraction, label, valueText }: { fraction: number | null; label: string; valueText?: string }) {
  const percent = fraction === null ? null : Math.round(Math.max(0, Math.min(1, fraction)) * 100);
  return (
    <div
      className={`progress${percent === null ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={valueText}
    >
      <div className="progress-fill" style={{ width: percent === null ? undefined : `${percent}%` }} />
    </div>
  );
}
