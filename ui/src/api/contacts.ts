// Contacts over the core: counted, paged lists, one contact's details and sign-in diagnosis, admin
// actions, bulk actions with their progress events, duplicates and CSV import/export.
import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import {
  commands,
  events,
  type AuditEntry_Serialize,
  type BulkAction_Serialize,
  type BulkBatch_Serialize,
  type BulkProgressed,
  type BulkResult_Serialize,
  type BulkTarget_Serialize,
  type ContactAction,
  type ContactDetails_Serialize,
  type ContactDraft_Serialize,
  type ContactFilter_Serialize,
  type ContactRow_Serialize,
  type ContactSort,
  type Contact_Serialize,
  type CsvImportReport_Serialize,
  type DuplicateReport_Serialize,
  type SignInDiagnosis_Serialize,
} from "./bindings";
import { queryKeys, refresh } from "./cache";
import { subscribe, unwrap } from "./ipc";

export type Contact = Contact_Serialize;
export type ContactRow = ContactRow_Serialize;
export type ContactDetails = ContactDetails_Serialize;
/** Every field given (nulls included), so equal filters make equal cache keys. */
export type ContactFilter = ContactFilter_Serialize;
export type ContactDraft = ContactDraft_Serialize;
export type SignInDiagnosis = SignInDiagnosis_Serialize;
export type AuditEntry = AuditEntry_Serialize;
export type BulkTarget = BulkTarget_Serialize;
export type BulkAction = BulkAction_Serialize;
export type BulkResult = BulkResult_Serialize;
export type BulkBatch = BulkBatch_Serialize;
export type CsvImportReport = CsvImportReport_Serialize;
export type DuplicateReport = DuplicateReport_Serialize;
export type {
  BulkChangeLine,
  BulkPreview,
  BulkProgressed,
  ContactAction,
  ContactName,
  ContactSort,
  CsvRowError,
  ExternalIdentity,
  HashFormat,
  PasswordState,
  SignInStep,
  SignInVerdict,
  StepOutcome,
  StepReport,
  UserRules,
} from "./bindings";

/** Rows per list request: what one fetch brings while scrolling. */
export const CONTACT_PAGE_SIZE = 100;

export const NO_CONTACT_FILTER: ContactFilter = {
  search: null,
  full_text: null,
  locked_out: false,
  unconfirmed_email: false,
  two_factor: false,
  duplicate_email: false,
  role_id: null,
  active: null,
};

/** How many contacts the filter covers, as a query. */
function contactCountQuery(portal: string, filter: ContactFilter) {
  return {
    queryKey: queryKeys.contactCount(portal, filter),
    queryFn: () =>
      unwrap(commands.contactCount(portal, filter)).then((n) => {
        performance.mark("contacts:count-received");
        return n;
      }),
  };
}

/** How many contacts the filter covers; the previous count stays while a new one is on its way. */
export function useContactCount(portal: string | undefined, filter: ContactFilter) {
  return useQuery({ ...contactCountQuery(portal ?? "", filter), enabled: portal !== undefined, placeholderData: keepPreviousData });
}

/** One page (of `CONTACT_PAGE_SIZE` rows, by offset) of the filtered, sorted list, as a query. */
function contactPageQuery(portal: string, filter: ContactFilter, sort: ContactSort, page: number) {
  return {
    queryKey: queryKeys.contactPage(portal, filter, sort, page),
    queryFn: () => {
      // Marks for the end-to-end timing of the first page (where the time goes); one per list.
      if (page === 0) performance.mark("contacts:page-requested");
      return unwrap(
        commands.contactPage(portal, { filter, sort, after: null, offset: page * CONTACT_PAGE_SIZE, limit: CONTACT_PAGE_SIZE }),
      ).then((result) => {
        if (page === 0) performance.mark("contacts:page-received");
        return result.rows;
      });
    },
  };
}

/**
 * Starts reading the list's first page now, before any component asks for it: a page calls this
 * as it begins to render, so the read overlaps its first render instead of following it.
 */
export function usePrefetchFirstContactPage(portal: string | undefined, filter: ContactFilter, sort: ContactSort) {
  const client = useQueryClient();
  // Once, during the first render; a second call would find the query cached or in flight.
  useState(() => {
    if (portal !== undefined) void client.prefetchQuery(contactPageQuery(portal, filter, sort, 0));
    return null;
  });
}

/** The order the contacts list opens in. */
export const DEFAULT_CONTACT_SORT: ContactSort = "name";

/**
 * Reads what the contacts list opens with (its first page and count, unfiltered) ahead of time:
 * cached, they render in the page's first commit, with no round trip after the admin's click.
 */
export function prefetchContactList(client: QueryClient, portal: string): Promise<unknown> {
  return Promise.all([
    client.prefetchQuery(contactPageQuery(portal, NO_CONTACT_FILTER, DEFAULT_CONTACT_SORT, 0)),
    client.prefetchQuery(contactCountQuery(portal, NO_CONTACT_FILTER)),
  ]);
}

/**
 * Prefetches the contacts list of the chosen portal as soon as it is chosen: the first page is an
 * index read and the unfiltered count a stored tally, so this costs little even for a million.
 */
export function usePrefetchContactList(portal: string | undefined) {
  const client = useQueryClient();
  useEffect(() => {
    if (portal !== undefined) void prefetchContactList(client, portal);
  }, [client, portal]);
}

/**
 * The given pages (of `CONTACT_PAGE_SIZE` rows, by offset) of the filtered, sorted list; each page
 * is fetched once and cached on its own, so scrolling back costs nothing. Pages not loaded yet are
 * absent from the map.
 */
export function useContactPages(portal: string | undefined, filter: ContactFilter, sort: ContactSort, pages: readonly number[]) {
  return useQueries({
    queries: pages.map((page) => ({ ...contactPageQuery(portal ?? "", filter, sort, page), enabled: portal !== undefined })),
    combine: (results) => {
      const loaded = new Map<number, ContactRow[]>();
      results.forEach((result, i) => {
        if (result.data) loaded.set(pages[i], result.data);
      });
      return { loaded, error: results.find((r) => r.error)?.error ?? null };
    },
  });
}

/** Contacts whose name, e-mail or user name starts with `term` (for pickers); idle while empty. */
export function useContactSearch(portal: string | undefined, term: string) {
  return useQuery({
    queryKey: queryKeys.contactSearch(portal ?? "", term),
    queryFn: () =>
      unwrap(
        commands.contactPage(portal ?? "", {
          filter: { ...NO_CONTACT_FILTER, search: term },
          sort: "name",
          after: null,
          offset: null,
          limit: 20,
        }),
      ).then((result) => result.rows),
    enabled: portal !== undefined && term !== "",
    placeholderData: keepPreviousData,
  });
}

/** The first `limit` contacts the filter covers, by name (a role's members, for example). */
export function useFirstContacts(portal: string | undefined, filter: ContactFilter, limit: number) {
  return useQuery({
    queryKey: queryKeys.contactFirst(portal ?? "", filter, limit),
    queryFn: () =>
      unwrap(commands.contactPage(portal ?? "", { filter, sort: "name", after: null, offset: null, limit })).then((result) => result.rows),
    enabled: portal !== undefined,
  });
}

/** Everything about one contact, including the sign-in diagnosis without a password. */
export function useContactDetails(portal: string | undefined, id: string | null) {
  return useQuery({
    queryKey: queryKeys.contactDetails(portal ?? "", id ?? ""),
    queryFn: () => unwrap(commands.contactDetails(portal ?? "", id ?? "")),
    enabled: portal !== undefined && id !== null,
  });
}

/** The names of the given contacts, in their order (ids the portal does not have are left out). */
export function useContactNames(portal: string | undefined, ids: readonly string[]) {
  return useQuery({
    queryKey: queryKeys.contactNames(portal ?? "", ids),
    queryFn: () => unwrap(commands.contactNames(portal ?? "", [...ids])),
    enabled: portal !== undefined && ids.length > 0,
  });
}

/**
 * Walks the portal's sign-in for the contact with a candidate password. A plain call, not a query:
 * the password never becomes part of a cache key and is not kept anywhere.
 */
export function diagnoseContact(portal: string, id: string, password: string): Promise<SignInDiagnosis> {
  return unwrap(commands.contactDiagnose(portal, id, password));
}

/** Adds a contact; field errors name the draft's fields or `password` (the portal's policy text). */
export function useCreateContact() {
  const client = useQueryClient();
  return useMutation<Contact, Error, { portal: string; draft: ContactDraft; password: string | null }>({
    mutationFn: ({ portal, draft, password }) => unwrap(commands.contactCreate(portal, draft, password)),
    onSuccess: () => refresh(client, ["contact"]),
  });
}

export function useEditContact() {
  const client = useQueryClient();
  return useMutation<Contact, Error, { portal: string; id: string; draft: ContactDraft }>({
    mutationFn: ({ portal, id, draft }) => unwrap(commands.contactEdit(portal, id, draft)),
    onSuccess: () => refresh(client, ["contact"]),
  });
}

/** One admin action (unlock, confirm e-mail, assign a role, link an identity …). */
export function useContactAction() {
  const client = useQueryClient();
  return useMutation<Contact, Error, { portal: string; id: string; action: ContactAction }>({
    mutationFn: ({ portal, id, action }) => unwrap(commands.contactAct(portal, id, action)),
    onSuccess: () => refresh(client, ["contact"]),
  });
}

/** Sets the local password; a policy failure comes back with the portal's own message. */
export function useSetContactPassword() {
  const client = useQueryClient();
  return useMutation<Contact, Error, { portal: string; id: string; password: string }>({
    mutationFn: ({ portal, id, password }) => unwrap(commands.contactSetPassword(portal, id, password)),
    onSuccess: () => refresh(client, ["contact"]),
  });
}

export function useContactDuplicates(portal: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.contactDuplicates(portal ?? ""),
    queryFn: () => unwrap(commands.contactDuplicates(portal ?? "")),
    enabled: portal !== undefined && enabled,
  });
}

/** Exactly what a bulk action would change; idle while `action` is null. Always asked afresh. */
export function useBulkPreview(portal: string | undefined, target: BulkTarget, action: BulkAction | null) {
  return useQuery({
    queryKey: ["bulk-preview", portal ?? "", target, action] as const,
    queryFn: () =>
      action === null ? Promise.reject(new Error("Choose an action.")) : unwrap(commands.bulkPreview(portal ?? "", target, action)),
    enabled: portal !== undefined && action !== null,
    staleTime: 0,
    gcTime: 0,
  });
}

/** Applies a bulk action in one transaction; progress arrives through `useBulkProgressed`. */
export function useApplyBulk() {
  const client = useQueryClient();
  return useMutation<BulkResult, Error, { portal: string; target: BulkTarget; action: BulkAction }>({
    mutationFn: ({ portal, target, action }) => unwrap(commands.bulkApply(portal, target, action)),
    // Invite creates invitations; everything else changes contacts only.
    onSuccess: () => refresh(client, ["contact", "invitation"]),
  });
}

/** Stops the running bulk action; it then fails with `cancelled` and nothing is written. */
export function cancelBulk(): Promise<void> {
  return commands.bulkCancel();
}

export function useBulkBatches(portal: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.bulkBatches(portal ?? ""),
    queryFn: () => unwrap(commands.bulkBatches(portal ?? "")),
    enabled: portal !== undefined && enabled,
  });
}

export function useUndoBulk() {
  const client = useQueryClient();
  return useMutation<BulkResult, Error, { portal: string; batchId: number }>({
    mutationFn: ({ portal, batchId }) => unwrap(commands.bulkUndo(portal, batchId)),
    onSuccess: () => refresh(client, ["contact", "invitation"]),
  });
}

/** Calls `handler` as a bulk action moves on. */
export function useBulkProgressed(handler: (progress: BulkProgressed) => void) {
  useEffect(() => subscribe(events.bulkProgressed.listen((e) => handler(e.payload))), [handler]);
}

/** Writes the contacts the filter covers to a CSV file; returns how many. */
export function exportContactsCsv(portal: string, filter: ContactFilter, path: string): Promise<number> {
  return unwrap(commands.contactExportCsv(portal, filter, path));
}

/**
 * What importing a CSV file of contacts would do (nothing is written). Not under the contacts key:
 * an import's own change must not re-read the file behind the result it shows.
 */
export function useContactCsvPreview(portal: string | undefined, path: string | null) {
  return useQuery({
    queryKey: ["csv-preview", portal ?? "", path] as const,
    queryFn: () => unwrap(commands.contactImportCsv(portal ?? "", path ?? "", false)),
    enabled: portal !== undefined && path !== null,
    staleTime: 0,
    gcTime: 0,
  });
}

/** Imports a CSV file of contacts: all rows or, when any row has an error, none. */
export function useImportContactsCsv() {
  const client = useQueryClient();
  return useMutation<CsvImportReport, Error, { portal: string; path: string }>({
    mutationFn: ({ portal, path }) => unwrap(commands.contactImportCsv(portal, path, true)),
    onSuccess: () => refresh(client, ["contact"]),
  });
}
