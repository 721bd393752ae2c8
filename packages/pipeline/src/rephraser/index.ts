export { rephrase, calmAreaFor, type RephraseOptions } from "./rephrase";
export { rulesBackend } from "./rules-backend";
export { createLlmBackend, LlmReply, parseLlmReply } from "./llm-backend";
export {
  chatJson,
  LlmFailure,
  DEFAULT_LLM_TIMEOUT_MS,
  type LlmOptions,
  type ChatMessage,
} from "./llm-client";
export { findBannedTerms, checkUserCopy, ZH_BANNED_TERMS, EN_BANNED_TERMS } from "./compliance";
export { nameColor } from "./color-names";
export { deltaE2000, hexToLab, type Lab } from "./color-science";
export {
  LEXICON,
  LEXICON_CATEGORIES,
  lookupTerm,
  type LexiconEntry,
  type LexiconCategoryName,
} from "./lexicon";
export { segmentHanRun, type ZhSegment } from "./zh-segment";
export { renderText, analyseSubject, SUBJECT_TOKEN_LIMIT, type Subject } from "./subject";
export { EN_STOP_WORDS, ZH_STOP_WORDS, englishContentWords, latinWords } from "./stop-words";
export { copyLimits, strictestFormatClass, type CopyLimits } from "./copy-limits";
export {
  SLOT_NAMES,
  DROP_ORDER,
  type SlotName,
  type SlotTerm,
  type RephraserBackend,
  type RephraseContext,
  type BackendProposal,
} from "./types";
