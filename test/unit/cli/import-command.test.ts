import { expect } from 'chai';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startDevServer, DEV_AUTHOR_TOKEN, type DevServer } from '../../../dev/server';
import { parseCsv, removeWiki, run, writeWiki } from './fixture';

const EXAMPLE = path.resolve(__dirname, '../../../examples/import/kb-kanaleneiland.csv');

describe('afsprakenwiki import and export', function () {
  this.timeout(60000);
  let dev: DevServer;
  let dir: string;

  before(async () => {
    dev = await startDevServer(0);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'afsprakenwiki-import-'));
  });
  after(async () => {
    await dev.close();
    removeWiki(dir);
  });

  const file = (name: string, content: string | Buffer) => {
    const full = path.join(dir, name);
    fs.writeFileSync(full, content);
    return full;
  };

  it('needs --wiki and --token (usage error, exit 2)', async () => {
    const { code, err } = await run(['import', EXAMPLE, '--token', 'x']);
    expect(code).to.equal(2);
    expect(err).to.include('--wiki');
  });

  it('dry-runs the example: the plan per line, nothing written', async () => {
    const pageCount = () => dev.backend.knex('pages').count({ n: '*' }).then((r) => Number(r[0].n));
    const before = await pageCount();
    const { code, out } = await run(['import', EXAMPLE, '--wiki', dev.url, '--token', DEV_AUTHOR_TOKEN, '--dry-run']);
    expect(code).to.equal(0);
    expect(out).to.include('regel 3: CREATE kb-kanaleneiland/dienstverlening/wijkgericht-triage-overleg');
    expect(out).to.include('Proefdraai, niets geschreven. Zou aanmaken 7, bijwerken 0, ongewijzigd laten 0, overslaan 0.');
    expect(await pageCount()).to.equal(before);
  });

  it('imports the example through the running wiki with progress lines and a summary; again: all skipped', async () => {
    const first = await run(['import', EXAMPLE, '--wiki', dev.url, '--token', DEV_AUTHOR_TOKEN]);
    expect(first.code, first.err).to.equal(0);
    expect(first.out).to.include('Aangemaakt 7, bijgewerkt 0, ongewijzigd 0, overgeslagen 0.');
    expect(first.err).to.include('regel 10: CREATE kb-kanaleneiland/leren/leren-van-overvecht');
    const again = await run(['import', EXAMPLE, '--wiki', dev.url, '--token', DEV_AUTHOR_TOKEN, '--lang', 'en']);
    expect(again.out).to.include('Created 0, updated 0, unchanged 0, skipped 7.');
  });

  it('draws a progress bar on a terminal', async () => {
    const csv = file('bar.csv', 'titel;kolom;laag\nBalk een;leren;normen\nBalk twee;leren;techniek\n');
    const { code, err } = await run(['import', csv, '--wiki', dev.url, '--token', DEV_AUTHOR_TOKEN, '--system', 'kb-balk'], { isTTY: true });
    expect(code).to.equal(0);
    expect(err).to.include('\r[##############################] 2/2');
  });

  it('lists every error with its line and exits 1; a guest token writes nothing', async () => {
    const bad = file('bad.csv', 'titel,kolom,laag\nGoed,leren,normen\nFout,kolommetje,normen\n');
    const { code, out } = await run(['import', bad, '--wiki', dev.url, '--token', DEV_AUTHOR_TOKEN, '--system', 'kb-fout', '--lang', 'en']);
    expect(code).to.equal(1);
    expect(out).to.include("Line 3, field 'kolom': 'kolommetje' is not known");
    expect(out).to.include('Nothing was written');
    const guest = await run(['import', bad, '--wiki', dev.url, '--token', 'wrong', '--system', 'kb-fout', '--lang', 'en']);
    expect(guest.code).to.equal(1);
    expect(guest.err).to.include('Forbidden');
  });

  it('refuses a file that is not UTF-8, naming the line', async () => {
    const latin1 = file('latin1.csv', Buffer.from('titel;kolom\nCafé;leren\n', 'latin1'));
    const { code, err } = await run(['import', latin1, '--wiki', dev.url, '--token', DEV_AUTHOR_TOKEN, '--lang', 'en']);
    expect(code).to.equal(1);
    expect(err).to.include('Line 2: the file is not UTF-8');
  });

  it('exports a system of a folder in the import format', async () => {
    const wiki = writeWiki();
    try {
      const { code, out } = await run(['export', 'alpha', wiki]);
      expect(code).to.equal(0);
      const rows = parseCsv(out.replace(/^\uFEFF/, ''));
      expect(rows[0].slice(0, 8)).to.deep.equal(['titel', 'pad', 'locale', 'stelsel', 'kolom', 'hoofdstuk', 'laag', 'status']);
      const formula = rows.find((r) => r[1] === 'a/formula');
      expect(formula?.slice(0, 8)).to.deep.equal(['\'=HYPERLINK("x")', 'a/formula', 'nl', 'alpha', 'financiering', '', 'normen', 'vastgesteld']);
    } finally {
      removeWiki(wiki);
    }
  });
});
