/**
 * What the browser loads: every module reachable by value imports from a "use client" file. The full zod
 * (400 KB with its forty locales) must not be among them: the schemas the browser runs use zod/mini
 * (docs/decisions/0012). A type-only import is erased and costs nothing, so it is not followed.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const root = resolve(__dirname, "../..");

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? join(root, specifier.slice(2))
    : specifier.startsWith(".")
      ? resolve(dirname(join(root, from)), specifier)
      : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), join(base, "index.tsx")]) {
    if (/\.tsx?$/.test(candidate) && existsSync(candidate)) return relative(root, candidate);
  }
  return null;
}

/** The specifiers a file imports or re-exports at run time. */
function valueImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(root, file), "utf8"), ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause &&
        !clause.name &&
        bindings &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((element) => element.isTypeOnly);
      if (!onlyTypes) specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      specifiers.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specifiers;
}

function browserModules(): Map<string, { via: string | null; packages: Set<string> }> {
  const entries = [...sourceFiles("app"), ...sourceFiles("components")].filter((file) =>
    /^\s*["']use client["']/.test(readFileSync(join(root, file), "utf8")),
  );
  const seen = new Map<string, { via: string | null; packages: Set<string> }>();
  const queue = entries.map((file) => [file, null] as [string, string | null]);
  while (queue.length > 0) {
    const [file, via] = queue.shift()!;
    if (seen.has(file)) continue;
    const packages = new Set<string>();
    seen.set(file, { via, packages });
    for (const specifier of valueImports(file)) {
      const local = resolveLocal(file, specifier);
      if (local) queue.push([local, file]);
      else if (!specifier.startsWith(".") && !specifier.startsWith("@/")) packages.add(specifier);
    }
  }
  return seen;
}

function chain(modules: ReturnType<typeof browserModules>, file: string): string {
  const path = [file];
  for (let via = modules.get(file)?.via; via; via = modules.get(via)?.via) path.unshift(via);
  return path.join(" → ");
}

describe("the browser's imports", () => {
  const modules = browserModules();

  it("reaches the call engine and the signalling schema (the walk works)", () => {
    expect(modules.has("lib/signalling/messages.ts")).toBe(true);
    expect(modules.has("lib/call/data-messages.ts")).toBe(true);
    expect(modules.get("lib/signalling/messages.ts")!.packages.has("zod/mini")).toBe(true);
  });

  it("never loads the full zod, nor a server-only module", () => {
    const offenders = [...modules.entries()]
      .filter(([file, { packages }]) => packages.has("zod") || packages.has("server-only") || file === "lib/validation/zod.ts")
      .map(([file]) => chain(modules, file));
    expect(offenders).toEqual([]);
  });
});
