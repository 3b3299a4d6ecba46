// The permission tree's shape: children under parents by name, ancestors kept as context for a
// filtered match, and parent loops or missing parents listed instead of hanging or vanishing.
import { describe, expect, it } from "vitest";
import type { TablePermission } from "../../api";
import { PERMISSION, overview } from "../../test/access";
import { descendants, permissionTree } from "./permissionTree";

const all = overview.model.table_permissions;
const shape = (rows: ReturnType<typeof permissionTree>) => rows.map((r) => [r.permission.name, r.depth, r.context]);

describe("permissionTree", () => {
  it("puts every child one level under its parent, siblings by name", () => {
    expect(shape(permissionTree(all, () => true))).toEqual([
      ["Customer accounts", 0, false],
      ["Account cases", 1, false],
      ["Case notes", 2, false],
      ["Preview custom access", 0, false],
      ["Public articles", 0, false],
    ]);
  });

  it("keeps the ancestors of a match as context", () => {
    expect(shape(permissionTree(all, (p) => p.table === "annotation"))).toEqual([
      ["Customer accounts", 0, true],
      ["Account cases", 1, true],
      ["Case notes", 2, false],
    ]);
  });

  it("lists permissions in a parent loop and those whose parent is gone", () => {
    const a: TablePermission = { ...PERMISSION.cases, id: "loop-a", name: "Loop A", parent_id: "loop-b" };
    const b: TablePermission = { ...PERMISSION.cases, id: "loop-b", name: "Loop B", parent_id: "loop-a" };
    const orphan: TablePermission = { ...PERMISSION.cases, id: "orphan", name: "Orphan", parent_id: "missing" };
    expect(shape(permissionTree([a, b, orphan], () => true))).toEqual([
      ["Orphan", 0, false],
      ["Loop A", 0, false],
      ["Loop B", 1, false],
    ]);
    expect(descendants([a, b], "loop-a").map((p) => p.name)).toEqual(["Loop B"]);
  });

  it("finds the whole chain under a permission", () => {
    expect(descendants(all, PERMISSION.accounts.id).map((p) => p.name)).toEqual(["Account cases", "Case notes"]);
  });
});
