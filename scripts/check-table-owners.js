#!/usr/bin/env node
/**
 * Checks that no package writes or reads another package's tables, or looks into another's internal
 * state, with SQL.
 *
 * 1. Tables: every `CREATE TABLE` of `migrations/` must have an owner in `scripts/table-owners.js`.
 * 2. SQL: every string and template literal in a package's sources (`apps/<name>/src`,
 *    `libs/<name>/src`, specs excluded; comments are not strings, so a contract comment quoting a
 *    statement does not count) is scanned for writes — `INSERT INTO t`, `UPDATE t … SET`,
 *    `DELETE FROM t`, `TRUNCATE t`, `MERGE INTO t` — and for reads — `FROM t`, `JOIN t` — of a table
 *    another lib owns (the owner exports a read port instead), and for JSON
 *    operators (`->`, `->>`, `#>`, `#>>`, `@>`, `?`) applied to an opaque column of another package.
 * 3. TypeORM: a write through another package's entity (`getRepository(E)`, `manager.save(E, …)`,
 *    `insert/update/delete/upsert(E, …)`, `createQueryBuilder(E…)`) where `E` is declared with
 *    `@Entity('t')` in the package that owns `t`.
 *
 * Apps own no tables and write through the libs; they are checked like the libs.
 * Prints one line per violation and exits 1 when there is any.
 */
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const WRITE_PATTERNS = [
  /\bINSERT\s+INTO\s+(?:ONLY\s+)?([a-z_][a-z0-9_.]*)/gi,
  /\bUPDATE\s+(?:ONLY\s+)?([a-z_][a-z0-9_.]*)(?:\s+(?:AS\s+)?[a-z_][a-z0-9_]*)?\s+SET\b/gi,
  /\bDELETE\s+FROM\s+(?:ONLY\s+)?([a-z_][a-z0-9_.]*)/gi,
  /\bTRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?([a-z_][a-z0-9_.]*)/gi,
  /\bMERGE\s+INTO\s+(?:ONLY\s+)?([a-z_][a-z0-9_.]*)/gi,
];
const READ_PATTERNS = [
  /(?<!\bDELETE\s+)\bFROM\s+(?:ONLY\s+)?([a-z_][a-z0-9_.]*)/gi,
  /\bJOIN\s+(?:ONLY\s+)?([a-z_][a-z0-9_.]*)/gi,
];
const KEYWORDS = new Set(['set', 'only', 'table', 'select', 'values']);
const ENTITY_WRITE = /\b(?:getRepository|save|insert|update|delete|upsert|remove|softDelete|increment|decrement|createQueryBuilder)\(\s*([A-Z][A-Za-z0-9_]*)\b/g;

/** The packages of a checkout: `{ name, kind, dir }` for apps/* and libs/* with a src folder. */
function packagesOf(root) {
  const found = [];
  for (const kind of ['apps', 'libs']) {
    const base = path.join(root, kind);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const dir = path.join(base, name, 'src');
      if (existsSync(dir)) found.push({ name, kind, dir });
    }
  }
  return found;
}

function sourceFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (/\.ts$/.test(entry.name) && !/\.(spec|e2e)\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
  }
  return files.sort();
}

/** The string and template literals of a TypeScript file, each with its 1-based line. */
function stringsOf(file, text) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const strings = [];
  const visit = (node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      strings.push({ text: node.text, line: lineOf(source, node) });
    } else if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((span) => `\${…}${span.literal.text}`)];
      strings.push({ text: parts.join(''), line: lineOf(source, node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return strings;
}

function lineOf(source, node) {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/** Tables created by the migrations. */
function migrationTables(root) {
  const dir = path.join(root, 'migrations');
  const tables = new Set();
  if (!existsSync(dir)) return tables;
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const match of text.matchAll(/\bCREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"?([a-z_][a-z0-9_]*)"?/gi)) tables.add(match[1].toLowerCase());
  }
  return tables;
}

/** Entity classes declared with `@Entity('table')`: class name → table. */
function entitiesOf(files) {
  const entities = new Map();
  for (const { text } of files) {
    for (const match of text.matchAll(/@Entity\(\s*['"]([a-z_][a-z0-9_]*)['"][^)]*\)\s*(?:export\s+)?class\s+([A-Za-z0-9_]+)/g)) {
      entities.set(match[2], match[1]);
    }
  }
  return entities;
}

/**
 * The violations of a checkout as `{ file, line, message }`, file relative to `root`.
 * `owners` is the shape of scripts/table-owners.js.
 */
function checkTableOwners(root, owners) {
  const violations = [];
  const ownerOf = new Map();
  for (const [owner, tables] of Object.entries(owners.tables)) for (const table of tables) ownerOf.set(table, owner);

  for (const table of migrationTables(root)) {
    if (!ownerOf.has(table)) {
      violations.push({ file: 'migrations', line: 0, message: `table ${table} has no owning package: add it to scripts/table-owners.js` });
    }
  }

  const packages = packagesOf(root).map((pkg) => ({
    ...pkg,
    files: sourceFiles(pkg.dir).map((file) => ({ file, text: readFileSync(file, 'utf8') })),
  }));
  const entityTable = new Map();
  for (const pkg of packages) for (const [entity, table] of entitiesOf(pkg.files)) entityTable.set(entity, table);

  for (const pkg of packages) {
    const owns = (table) => pkg.kind === 'libs' && ownerOf.get(table) === pkg.name;
    const where = (file, line) => ({ file: path.relative(root, file).split(path.sep).join('/'), line });
    for (const { file, text } of pkg.files) {
      for (const string of stringsOf(file, text)) {
        for (const pattern of WRITE_PATTERNS) {
          for (const match of string.text.matchAll(pattern)) {
            const table = match[1].toLowerCase().replace(/^public\./, '');
            if (KEYWORDS.has(table) || !ownerOf.has(table) || owns(table)) continue;
            const statement = match[0].split(/\s+/)[0].toUpperCase();
            violations.push({ ...where(file, string.line), message: `${pkg.kind}/${pkg.name} writes ${table} (${statement}), a table of libs/${ownerOf.get(table)}` });
          }
        }
        for (const pattern of READ_PATTERNS) {
          for (const match of string.text.matchAll(pattern)) {
            const table = match[1].toLowerCase().replace(/^public\./, '');
            if (KEYWORDS.has(table) || !ownerOf.has(table) || owns(table)) continue;
            violations.push({ ...where(file, string.line), message: `${pkg.kind}/${pkg.name} reads ${table} (${match[0].split(/\s+/)[0].toUpperCase()}), a table of libs/${ownerOf.get(table)}` });
          }
        }
        for (const [column, owner] of Object.entries(owners.opaqueColumns ?? {})) {
          if (pkg.kind === 'libs' && pkg.name === owner) continue;
          const lookInside = new RegExp(`\\b${column}\\s*(->>?|#>>?|@>|\\?)`, 'g');
          for (const match of string.text.matchAll(lookInside)) {
            violations.push({ ...where(file, string.line), message: `${pkg.kind}/${pkg.name} reads inside ${column} (${column}${match[1]}), the internal state of libs/${owner}` });
          }
        }
      }
      for (const match of text.matchAll(ENTITY_WRITE)) {
        const table = entityTable.get(match[1]);
        if (!table || !ownerOf.has(table) || owns(table)) continue;
        const line = text.slice(0, match.index).split('\n').length;
        violations.push({ ...where(file, line), message: `${pkg.kind}/${pkg.name} writes ${table} through the entity ${match[1]}, a table of libs/${ownerOf.get(table)}` });
      }
    }
  }
  return violations;
}

module.exports = { checkTableOwners };

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const violations = checkTableOwners(root, require('./table-owners'));
  for (const violation of violations) console.log(`${violation.file}:${violation.line}: ${violation.message}`);
  console.log(violations.length === 0 ? 'table ownership: no package writes or reads another package\'s tables' : `table ownership: ${violations.length} violation(s)`);
  process.exit(violations.length === 0 ? 0 : 1);
}
