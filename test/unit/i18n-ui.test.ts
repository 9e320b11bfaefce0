import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSync } from 'vite';
import { describe, expect, it } from 'vitest';
import { CATALOGS, LANGUAGES } from '@shared/i18n/catalogs';
import { PHASE_GUIDANCE, PHASES } from '@shared/schema/phases';

// Every user-visible string in client/**/*.tsx comes from the ui catalogs: JSX text and the
// attributes people read or hear are checked on the real syntax tree (oxc, through Vite).

/** Attributes whose value is shown or spoken. */
const VISIBLE_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label', 'text']);
/** Strings that are not language: a sample join code. */
const ALLOWED = new Set(['7K2M-9QXD']);
const hasWords = (s: string) => /\p{L}/u.test(s) && !ALLOWED.has(s.trim());

type Node = { type: string; start: number; [key: string]: unknown };

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsxFiles(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : []));
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

function children(node: Node): Node[] {
  return Object.values(node).flatMap((v) => (Array.isArray(v) ? v.filter(isNode) : isNode(v) ? [v] : []));
}

/** Literal text inside an expression that is shown as is; calls (t(...)) and nested JSX are judged on their own. */
function literalsIn(node: Node, out: Node[]): void {
  if (node.type === 'CallExpression' || node.type === 'JSXElement' || node.type === 'JSXFragment' || node.type.includes('Function')) return;
  if (node.type === 'Literal' && typeof node.value === 'string' && hasWords(node.value)) out.push(node);
  if (node.type === 'TemplateElement' && hasWords(String((node.value as { cooked?: string }).cooked ?? ''))) out.push(node);
  if (node.type === 'BinaryExpression' && (node.operator === '===' || node.operator === '!==')) return;
  for (const c of children(node)) literalsIn(c, out);
}

function untranslated(file: string, source = readFileSync(file, 'utf8')): string[] {
  const { program, errors } = parseSync(file, source);
  expect(errors, `${file} parses`).toEqual([]);
  const found: string[] = [];
  const report = (n: Node, text: string) => found.push(`${file}:${source.slice(0, n.start).split('\n').length}: ${JSON.stringify(text.trim())}`);
  const visit = (node: Node) => {
    if (node.type === 'JSXText' && hasWords(String(node.value))) report(node, String(node.value));
    if (node.type === 'JSXExpressionContainer' && isNode(node.expression)) {
      const hits: Node[] = [];
      literalsIn(node.expression, hits);
      for (const h of hits) report(h, String(h.type === 'Literal' ? h.value : (h.value as { cooked?: string }).cooked));
    }
    if (node.type === 'JSXAttribute') {
      const name = node.name as Node & { name?: unknown };
      const value = node.value as Node | null;
      if (typeof name.name === 'string' && VISIBLE_ATTRIBUTES.has(name.name) && value?.type === 'Literal' && hasWords(String(value.value))) report(value, String(value.value));
      // Expression containers of other attributes (className, onClick…) are code, not text.
      if (!(typeof name.name === 'string' && VISIBLE_ATTRIBUTES.has(name.name)) && value?.type === 'JSXExpressionContainer') {
        const expr = value.expression as Node;
        for (const c of children(expr)) visit(c);
        return;
      }
    }
    for (const c of children(node)) visit(c);
  };
  visit(program as unknown as Node);
  return found;
}

describe('UI strings', () => {
  it('every user-visible string in client/**/*.tsx comes from the catalogs', () => {
    const files = tsxFiles('client');
    expect(files.length).toBeGreaterThan(30);
    expect(files.flatMap((f) => untranslated(f))).toEqual([]);
  });

  it('the scan catches JSX text, visible attributes and string branches, and lets t(...), code and symbols through', () => {
    const probe = (code: string) => untranslated('probe.tsx', code).map((hit) => hit.replace(/^probe\.tsx:\d+: /, ''));
    expect(probe('const a = <p>Hello there</p>;')).toEqual(['"Hello there"']);
    expect(probe('const a = <button aria-label="Close">×</button>;')).toEqual(['"Close"']);
    expect(probe("const a = <b title={x ? 'Yes' : t('no')} />;")).toEqual(['"Yes"']);
    expect(probe('const a = <p>{`${n} left`}</p>;')).toEqual(['"left"']);
    expect(probe('const a = <Text text="NOT PLACED YET" />;')).toEqual(['"NOT PLACED YET"']);
    expect(probe("const a = <p className=\"big\" onClick={() => go('home')}>{t('a.b')} {n}%</p>;")).toEqual([]);
    expect(probe("const a = <p>{role === 'viewer' ? '+' : '−'}</p>;")).toEqual([]);
  });

  it('every language has a ui namespace, with the phase guidance the server and tests know in English', () => {
    for (const l of LANGUAGES) expect(Object.keys((CATALOGS[l] as { ui?: object }).ui ?? {}).length).toBeGreaterThan(10);
    const guide = (CATALOGS.en as { ui: { phase: { guide: Record<string, string> } } }).ui.phase.guide;
    for (const p of PHASES) expect(guide[p]).toBe(PHASE_GUIDANCE[p]);
  });
});
