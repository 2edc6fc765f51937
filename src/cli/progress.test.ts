import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

function fakeStream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, text: '', write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('createProgress', () => {
  it('draws one line in place on a terminal, throttled, always drawing the last step, and clears it', () => {
    const stream = fakeStream(true);
    let t = 0;
    const p = createProgress('verifying sqlite:x.db', 1000, stream, () => t);
    p.update(100); // drawn (first)
    t = 50;
    p.update(200); // throttled
    t = 200;
    p.update(500);
    p.update(1000); // the end is always drawn
    p.end();
    expect(stream.text).toBe('\r\x1b[2Kverifying sqlite:x.db: 100/1000 (10%)\r\x1b[2Kverifying sqlite:x.db: 500/1000 (50%)\r\x1b[2Kverifying sqlite:x.db: 1000/1000 (100%)\r\x1b[2K');
  });

  it('writes nothing when stderr is not a terminal (pipes, files, CI logs)', () => {
    const stream = fakeStream(false);
    const p = createProgress('x', 10, stream, () => 1e6);
    p.update(5);
    p.end();
    expect(stream.text).toBe('');
  });
});
