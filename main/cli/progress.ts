/** A one-line progress display on stderr (only when stderr is a terminal; plain lines otherwise). */
export function progressLine(label: string): { update(stage: string, fraction: number | null): void; done(): void } {
  const tty = process.stderr.isTTY;
  let last = '';
  let lastPercent = -10;
  return {
    update(stage, fraction) {
      const pct = fraction === null ? null : Math.floor(fraction * 100);
      const text = `${label}: ${stage}${pct === null ? '' : ` ${pct}%`}`;
      if (text === last) return;
      if (tty) {
        process.stderr.write(`\r\x1b[2K${text}`);
      } else if (pct === null || pct >= lastPercent + 10 || stage !== last.split(': ')[1]?.split(' ')[0]) {
        process.stderr.write(`${text}\n`);
        if (pct !== null) lastPercent = pct;
      }
      last = text;
    },
    done() {
      if (tty && last) process.stderr.write('\r\x1b[2K');
    },
  };
}
