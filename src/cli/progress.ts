/**
 * Progress for long work, on stderr, one line rewritten in place, only when stderr is a terminal
 * (pipes, files and CI logs get nothing). At most ten redraws a second.
 */
export interface Progress {
  update(done: number): void;
  end(): void;
}

export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now): Progress {
  const tty = stream.isTTY === true && total > 0;
  let last = Number.NEGATIVE_INFINITY;
  let drawn = false;
  return {
    update(done) {
      if (!tty) return;
      const t = now();
      if (t - last < 100 && done < total) return;
      last = t;
      drawn = true;
      const pct = Math.min(100, Math.floor((done / total) * 100));
      stream.write(`\r\x1b[2K${label}: ${done}/${total} (${pct}%)`);
    },
    end() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
