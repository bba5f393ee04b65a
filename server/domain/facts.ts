/** A page's facts: what the index keeps, derived from the page's own tags and blocks alone. */
import type { Issue, PageFacts, SourcePage } from './types';
import { findBlocks, parseAgreementBlock, parseEmbedBlock, parseFrameworkBlock, parseSystemBlock } from './blocks';
import { isValidKey, normaliseWikiTag, unique } from './normalize';
import { readTags, TAG_PREFIXES } from './tags';

/** A page's facts before its content is read: identity and tags only. */
export function emptyPageFacts(page: SourcePage): PageFacts {
  const tags = unique(page.tags.map(normaliseWikiTag).filter((t) => t.length > 0));
  return {
    pageId: page.id,
    path: page.path,
    locale: page.locale,
    title: page.title,
    ...(page.description ? { description: page.description } : {}),
    isPublished: page.isPublished,
    ...(page.publishStartDate ? { publishStartDate: page.publishStartDate } : {}),
    ...(page.publishEndDate ? { publishEndDate: page.publishEndDate } : {}),
    tags,
    updatedAt: page.updatedAt,
    tagValues: readTags(tags),
    systemDeclarations: [],
    frameworks: [],
    embeds: [],
    issues: [],
  };
}

export function extractPageFacts(page: SourcePage): PageFacts {
  const facts = emptyPageFacts(page);
  const issues: Issue[] = [];
  let agreementBlocks = 0;
  if ((page.contentType ?? 'markdown') === 'markdown' && typeof page.content === 'string') {
    for (const block of findBlocks(page.content)) {
      switch (block.kind) {
        case 'system': {
          const { declaration, issues: found } = parseSystemBlock(block);
          if (declaration) facts.systemDeclarations.push(declaration);
          issues.push(...found);
          break;
        }
        case 'agreement': {
          const { declaration, issues: found } = parseAgreementBlock(block);
          // The first block counts, even when it is broken; a later one is reported rather than
          // silently used or merged, so fixing the first block never changes which block counts.
          agreementBlocks++;
          if (declaration && agreementBlocks === 1) facts.agreement = declaration;
          else if (agreementBlocks > 1) issues.push({ code: 'invalid-field', severity: 'warning', field: block.name, line: block.line, detail: 'duplicate' });
          issues.push(...found);
          break;
        }
        case 'framework': {
          const { framework, issues: found } = parseFrameworkBlock(block);
          if (framework) facts.frameworks.push({ ...framework, source: { pageId: page.id, path: page.path, locale: page.locale } });
          issues.push(...found);
          break;
        }
        default: {
          const { embed, issues: found } = parseEmbedBlock(block);
          if (embed) facts.embeds.push(embed);
          issues.push(...found);
        }
      }
    }
  }
  // A system named by a tag alone is kept (nothing is lost), but a key that a system block could
  // not declare, an embed not name and a URL not carry plainly is worth telling the author about.
  for (const system of facts.tagValues.systems) {
    if (!isValidKey(system)) issues.push({ code: 'invalid-field', severity: 'warning', field: TAG_PREFIXES.systems[0], value: system, detail: 'key' });
  }
  facts.issues = issues.map((issue) => ({ ...issue, pageId: page.id, pagePath: page.path, locale: page.locale }));
  return facts;
}
