import { columnWidths, rowPlacement } from './table';

describe('columnWidths', () => {
  it('shares the width in proportion to the weights', () => {
    const widths = columnWidths(
      [{ header: 'a', weight: 3 }, { header: 'b' }, { header: 'c' }],
      500,
    );
    expect(widths).toEqual([300, 100, 100]);
  });

  it('gives narrow columns their minimum and takes it from the wide ones', () => {
    const widths = columnWidths(
      [
        { header: 'a', weight: 20 },
        { header: 'b', weight: 1 },
        { header: 'c', weight: 1 },
      ],
      220,
      30,
    );
    expect(widths.slice(1)).toEqual([30, 30]);
    expect(widths.reduce((a, b) => a + b, 0)).toBeCloseTo(220);
  });
});

describe('rowPlacement', () => {
  it('moves a row that would cross the bottom margin to the next page', () => {
    expect(rowPlacement(700, 20, 787)).toBe('here');
    expect(rowPlacement(770, 20, 787)).toBe('next-page');
  });
});
