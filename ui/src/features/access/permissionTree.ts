// Table permissions as a tree of parent chains: roots are permissions without a (known) parent,
// Parent-scope children sit under their parent. Pure functions; loops never hang them.
import type { TablePermission } from "../../api";

export interface TreeRow {
  permission: TablePermission;
  depth: number;
  /** Shown only because a permission under it matches the filters. */
  context: boolean;
}

function byName(a: TablePermission, b: TablePermission): number {
  return a.name.localeCompare(b.name);
}

/** The parent permission's id when it exists and is not the permission itself. */
function parentOf(p: TablePermission, ids: ReadonlySet<string>): string | null {
  return p.parent_id !== null && p.parent_id !== p.id && ids.has(p.parent_id) ? p.parent_id : null;
}

/**
 * The rows to show, depth-first from the roots with children by name: every permission that
 * `matches`, plus its ancestors as context so the chain stays readable. Permissions caught in a
 * parent loop (the core's posture warns about them) are listed at the end as roots.
 */
export function permissionTree(all: readonly TablePermission[], matches: (p: TablePermission) => boolean): TreeRow[] {
  const ids = new Set(all.map((p) => p.id));
  const byId = new Map(all.map((p) => [p.id, p]));
  const children = new Map<string | null, TablePermission[]>();
  for (const p of all) {
    const parent = parentOf(p, ids);
    children.set(parent, [...(children.get(parent) ?? []), p]);
  }
  for (const list of children.values()) list.sort(byName);

  const shown = new Set<string>();
  const matching = new Set<string>();
  for (const p of all.filter(matches)) {
    matching.add(p.id);
    let current: TablePermission | undefined = p;
    while (current && !shown.has(current.id)) {
      shown.add(current.id);
      const parent = parentOf(current, ids);
      current = parent === null ? undefined : byId.get(parent);
    }
  }

  const rows: TreeRow[] = [];
  const seen = new Set<string>();
  const visit = (p: TablePermission, depth: number) => {
    if (seen.has(p.id)) return;
    seen.add(p.id);
    if (shown.has(p.id)) rows.push({ permission: p, depth, context: !matching.has(p.id) });
    for (const child of children.get(p.id) ?? []) visit(child, depth + 1);
  };
  for (const root of children.get(null) ?? []) visit(root, 0);
  for (const p of [...all].sort(byName)) visit(p, 0);
  return rows;
}

/** Every permission under `id` through Parent-scope links (the ones removed with it). */
export function descendants(all: readonly TablePermission[], id: string): TablePermission[] {
  const out: TablePermission[] = [];
  const queue = [id];
  const seen = new Set([id]);
  while (queue.length > 0) {
    const current = queue.shift();
    for (const p of all.filter((x) => x.parent_id === current && !seen.has(x.id))) {
      seen.add(p.id);
      out.push(p);
      queue.push(p.id);
    }
  }
  return out;
}
