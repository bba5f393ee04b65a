import { expect } from 'chai';
import { removeWiki, run, writeWiki } from './fixture';

const header = (title: string, tags: string) =>
  `---\ntitle: ${title}\ndescription: \npublished: true\ndate: 2024-03-01T10:00:00.000Z\ntags: ${tags}\neditor: markdown\ndateCreated: 2024-01-01T10:00:00.000Z\n---\n\n`;
const block = (yaml: string) => `\`\`\`afspraak\n${yaml}\n\`\`\`\n`;

describe('afsprakenwiki validate: page links (contract §8.3-8.4)', () => {
  let dir: string;
  before(() => {
    dir = writeWiki({
      'g.md': `${header('Gamma', '')}\`\`\`afsprakenstelsel\nkey: gamma\n\`\`\`\n`,
      'g/norm.md': header('Norm', 'stelsel:gamma, kolom:leren, laag:normen'),
      'en/g/tech.md': header('Technique', ''),
      'g/werk.md': `${header('Werk', 'stelsel:gamma, kolom:leren, laag:werkafspraken')}${block('volgt-uit: [g/norm, /nl/g/norm, /g/weg]\ngebruikt: [/en/g/tech, /nl/g/tech]')}`,
    });
  });
  after(() => removeWiki(dir));

  it('warns about every link that names no page of the folder, in all link forms', async () => {
    const { code, out } = await run(['validate', 'gamma', dir, '--json']);
    const issues = (JSON.parse(out) as Array<{ code: string; severity: string; field: string; value: string; pagePath: string }>).filter((i) => i.code === 'link-not-found');
    expect(issues.map((i) => `${i.severity} ${i.pagePath} ${i.field} ${i.value}`)).to.deep.equal([
      'warning g/werk volgt-uit g/weg',
      'warning g/werk gebruikt /nl/g/tech',
    ]);
    expect(code, 'warnings only').to.equal(0);
  });
});
