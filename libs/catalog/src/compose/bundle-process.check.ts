import type { ProcessModel } from '@tongban/bpmn';
import type { BundleRow } from '../persistence/bundle.repository';
import { ISSUE_CERTIFICATE_JOB_TYPE, isApprovalOf, isIssueOf } from './bundle-process.graph';

/**
 * What keeps a process from being a bundle's: every item needs its approval user task
 * (`tongban:item`) and, when it issues a certificate, its issue task; no element may name an item
 * outside the bundle.
 */
export function bundleProcessProblems(row: BundleRow, process: ProcessModel): Array<{ elementId?: string; item?: string; message: string }> {
  const problems: Array<{ elementId?: string; item?: string; message: string }> = [];
  const elements = Object.values(process.elements);
  for (const item of row.artifacts.itemDefinitions) {
    if (!elements.some((e) => isApprovalOf(e, item.code))) {
      problems.push({ item: item.code, message: `item ${item.code} has no approval user task with tongban:item="${item.code}"` });
    }
    if (item.result && !elements.some((e) => isIssueOf(e, item.code))) {
      problems.push({ item: item.code, message: `item ${item.code} has no task of type ${ISSUE_CERTIFICATE_JOB_TYPE} with tongban:item="${item.code}" issuing ${item.result}` });
    }
  }
  for (const e of elements) {
    if (e.tongban?.item && !row.artifacts.items.includes(e.tongban.item)) {
      problems.push({ elementId: e.id, item: e.tongban.item, message: `element ${e.id} names item ${e.tongban.item}, which is not in bundle ${row.code}` });
    }
  }
  return problems;
}
