/** The little of jsdom 16 (no bundled types) that the sanitiser tests use. */
declare module 'jsdom' {
  export class JSDOM {
    constructor(html?: string);
    readonly window: { document: { body: { innerHTML: string; querySelectorAll(selector: string): { length: number } } } };
  }
}
