import type { LocalizedText } from '../catalog/catalog.types';
import type { ComposedBundle } from '../compose/compose-bundle';
import type { MaterialResolution, MissingMaterial } from './resolve-materials';

export interface NoticeEntry {
  item: string;
  itemName: string;
  name: string;
  reason: MissingMaterial['reason'];
  message: LocalizedText;
}

/**
 * The one-time notice (一次性告知, Administrative Licensing Law art. 32): every key material still
 * missing, of every item, in one message, so the applicant completes the application in one go.
 */
export interface OneTimeNotice {
  bundle: string;
  /** True when nothing key is missing (the notice then has no entries). */
  complete: boolean;
  missing: NoticeEntry[];
  /** Non-key materials accepted missing (容缺), with their deadlines. */
  toSupplyLater: Array<{ item: string; itemName: string; name: string; deadline: string | null; deadlineDate: string | null; deadlineProblem?: string }>;
  message: LocalizedText;
}

const REASON: Record<MissingMaterial['reason'], LocalizedText> = {
  'not-provided': { zh: '未提交', en: 'not provided' },
  'certificate-not-valid': { zh: '电子证照无效（已过期、暂扣、撤销、注销或持证人不符），请提交有效证照或上传材料', en: 'the e-certificate on file is not valid (expired, suspended, revoked, cancelled or held by someone else); provide a valid one or upload the document' },
  'key-material-not-deferrable': { zh: '关键材料不适用容缺受理', en: 'a key material cannot be supplied later' },
};

function entryMessage(itemName: string, m: MissingMaterial): LocalizedText {
  return {
    zh: `「${itemName}」：${m.name}（${REASON[m.reason].zh}）`,
    en: `${itemName} (${m.item}): ${m.name}: ${REASON[m.reason].en}`,
  };
}

/** Builds the one-time notice of an application's material check. */
export function buildOneTimeNotice(bundle: ComposedBundle, resolution: MaterialResolution): OneTimeNotice {
  const nameOf = (code: string) => bundle.items.find((i) => i.code === code)?.name ?? code;
  const missing = resolution.missingMaterials.map((m) => ({
    item: m.item, itemName: nameOf(m.item), name: m.name, reason: m.reason, message: entryMessage(nameOf(m.item), m),
  }));
  const toSupplyLater = resolution.deferredMaterials.map((d) => ({
    item: d.item, itemName: nameOf(d.item), name: d.name, deadline: d.deadline, deadlineDate: d.deadlineDate, ...(d.deadlineProblem && { deadlineProblem: d.deadlineProblem }),
  }));
  const later = {
    zh: toSupplyLater.map((d, i) => `${i + 1}. 「${d.itemName}」：${d.name}，${d.deadlineDate ? `请于 ${d.deadlineDate} 前补交` : '补交期限待所涉年度的工作日历录入后计算并告知'}`),
    en: toSupplyLater.map((d, i) => `${i + 1}. ${d.itemName} (${d.item}): ${d.name}, ${d.deadlineDate ? `by ${d.deadlineDate}` : 'by a deadline counted once the calendar of the year it reaches is entered'}`),
  };
  if (missing.length === 0) {
    return {
      bundle: bundle.code, complete: true, missing, toSupplyLater,
      message: {
        zh: [`「${bundle.name}」申请材料齐全，予以受理。`, ...(later.zh.length ? ['容缺受理，以下材料请按期补交：', ...later.zh] : [])].join('\n'),
        en: [`The application for ${bundle.name} is complete and accepted.`, ...(later.en.length ? ['Accepted with these materials to follow:', ...later.en] : [])].join('\n'),
      },
    };
  }
  return {
    bundle: bundle.code, complete: false, missing, toSupplyLater,
    message: {
      zh: [`一次性告知：您申请的「${bundle.name}」尚缺以下 ${missing.length} 项材料，请一次补齐后重新提交：`, ...missing.map((m, i) => `${i + 1}. ${m.message.zh}`)].join('\n'),
      en: [`One-time notice: your application for ${bundle.name} lacks the following ${missing.length} material(s); please supply all of them and submit again:`, ...missing.map((m, i) => `${i + 1}. ${m.message.en}`)].join('\n'),
    },
  };
}
