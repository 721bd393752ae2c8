import type { ComplianceWarning } from "@hyperposter/domain";

/**
 * Absolute and unprovable claims. Chinese list: the terms China's Advertising
 * Law Art. 9 (item 3) is enforced against; English list: claims ad standards
 * (FTC, ASA) treat as needing proof we cannot supply from a brief.
 */
export const ZH_BANNED_TERMS: readonly string[] = [
  "最",
  "第一",
  "国家级",
  "世界级",
  "全球级",
  "顶级",
  "顶尖",
  "极品",
  "极致",
  "首个",
  "首家",
  "首选",
  "唯一",
  "全网",
  "全国",
  "万能",
  "绝对",
  "独家",
  "百分之百",
  "100%",
  "永久",
  "王牌",
  "史无前例",
  "前所未有",
  "无敌",
  "冠军",
  "领导品牌",
  "遥遥领先",
  "销量第一",
  "特效",
  "根治",
];

export const EN_BANNED_TERMS: readonly string[] = [
  "#1",
  "no. 1",
  "no.1",
  "number one",
  "best",
  "guaranteed",
  "guarantee",
  "100%",
  "world-class",
  "unbeatable",
  "cheapest",
  "lowest price",
  "the only",
  "ultimate",
  "finest",
  "greatest",
  "perfect",
  "miracle",
  "risk-free",
  "clinically proven",
  "cure",
  "cures",
  "forever",
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// Whole-word for English ("best" must not flag "bestow"); plain substring for
// Chinese, which has no spaces and where 最 is banned in any compound.
const EN_PATTERNS = EN_BANNED_TERMS.map(
  (term) =>
    [term, new RegExp(`(?<![\\p{L}\\p{N}])${escape(term)}(?![\\p{L}\\p{N}])`, "iu")] as const,
);

/** Banned terms found in a text, in list order, without repeats. */
export function findBannedTerms(text: string): string[] {
  const normalized = text.normalize("NFKC");
  const found: string[] = [];
  for (const term of ZH_BANNED_TERMS) {
    if (normalized.includes(term) && !found.includes(term)) found.push(term);
  }
  for (const [term, pattern] of EN_PATTERNS) {
    if (pattern.test(normalized) && !found.includes(term)) found.push(term);
  }
  return found;
}

export function isCompliant(text: string): boolean {
  return findBannedTerms(text).length === 0;
}

export type CheckedField = ComplianceWarning["field"];

/** Warnings for copy the user wrote: kept verbatim, but flagged term by term. */
export function checkUserCopy(fields: Partial<Record<CheckedField, string>>): ComplianceWarning[] {
  const warnings: ComplianceWarning[] = [];
  for (const [field, text] of Object.entries(fields) as Array<[CheckedField, string | undefined]>) {
    if (!text) continue;
    for (const term of findBannedTerms(text)) {
      warnings.push({
        field,
        term,
        message: `The ${field} contains "${term}", an absolute or unprovable claim that advertising rules (China's Advertising Law Art. 9, FTC/ASA) forbid; consider rewording it.`,
      });
    }
  }
  return warnings;
}
