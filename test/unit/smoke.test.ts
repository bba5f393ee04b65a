import { expect } from 'chai';
import { DEFAULT_FRAMEWORK, frameworkCells } from '../../server/domain';

describe('default framework', () => {
  it('has 24 cells: 18 column cells and 6 chapter-wide cells', () => {
    const cells = frameworkCells(DEFAULT_FRAMEWORK);
    expect(cells).to.have.length(24);
    expect(cells.filter((c) => c.column === null)).to.have.length(6);
  });
});
