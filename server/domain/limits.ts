/**
 * Size limits of what readers and files hand the extension, stated once. Each is checked before
 * any parsing or trimming of the value, so work stays linear in what was sent.
 */

/** A key (system, theme, party, column…) or any one value of a list of them. */
export const MAX_KEY_LENGTH = 100;
/** Values in one list (filter facets, themes, parties, systems of a placement). */
export const MAX_LIST_VALUES = 50;
/** `pages.title` is a varchar(255). */
export const MAX_TITLE_LENGTH = 255;
/** `pages.path` is a varchar(255). */
export const MAX_PATH_LENGTH = 255;
/** A page path or link as sent: a path plus a `/<locale>/` (`/pt-br/`) before it and a `/` after. */
export const MAX_LINK_LENGTH = MAX_PATH_LENGTH + '/pt-br//'.length;
