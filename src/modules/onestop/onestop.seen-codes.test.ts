// SeenCodes, which the bulk load uses to find a dossier code the file repeats without holding every code.
import { describe, expect, it } from 'vitest';
import { SeenCodes } from './onestop.seen-codes';

describe('SeenCodes', () => {
  it('names each repeat with its row and the row that first had the code, the third time too', () => {
    const s = new SeenCodes(4); // tiny: grows several times on the way
    const codes = ['A1', 'B2', 'A1', 'C3', 'Đ4', 'B2', 'A1', 'Đ4'];
    for (const [i, c] of codes.entries()) s.add(c, i + 2);
    expect(s.suspects).toEqual([
      { code: 'A1', row: 4, firstRow: 2 },
      { code: 'B2', row: 7, firstRow: 3 },
      { code: 'A1', row: 8, firstRow: 2 },
      { code: 'Đ4', row: 9, firstRow: 6 },
    ]);
    expect(s.overflowed).toBe(false);
  });

  it('200,000 distinct codes of an export (sequential, and differing in one letter) raise no suspect', () => {
    const s = new SeenCodes();
    for (let i = 0; i < 100_000; i++) s.add(`000.00.12.H56-${String(i).padStart(6, '0')}`, i + 2);
    for (let i = 0; i < 100_000; i++) s.add(`000.00.12.H57-${String(i).padStart(6, '0')}`, 100_002 + i);
    expect(s.suspects).toEqual([]);
    // and every one of them is known afterwards
    s.add('000.00.12.H57-099999', 300_000);
    expect(s.suspects).toEqual([{ code: '000.00.12.H57-099999', row: 300_000, firstRow: 200_001 }]);
  });

  it('keeps at most maxSuspects and says it left some out', () => {
    const s = new SeenCodes(16, 2);
    for (let i = 0; i < 5; i++) s.add('X', i + 2);
    expect(s.suspects).toHaveLength(2);
    expect(s.overflowed).toBe(true);
  });

  it('a code read as bytes (the byte reader) is the same code as its string: repeats are found across the two', () => {
    const s = new SeenCodes(4);
    const line = Buffer.from('x,A1,B2,A1,');
    s.add('A1', 2);
    s.addAscii(line, 2, 4, 3); // "A1" in bytes
    s.addAscii(line, 5, 7, 4); // "B2"
    s.add('B2', 5);
    s.addAscii(line, 8, 10, 6); // "A1" again
    expect(s.suspects).toEqual([
      { code: 'A1', row: 3, firstRow: 2 },
      { code: 'B2', row: 5, firstRow: 4 },
      { code: 'A1', row: 6, firstRow: 2 },
    ]);
  });
});
