/** Bank reconciliation matching engine: pure functions over plain data, plus a loader from the local cache. */
export type * from './types';
export { matchStatementLines, matchLine, prepareMatching, scoreLine, matchAllPairsNaive, type PreparedMatching, type ScoredProposal } from './engine';
export { loadMatchingInput, type LoadMatchingOptions } from './loader';
export { matchingInputFromDataset } from './from-dataset';
export { evaluate, fitModel, isCorrect, type EvalReport, type TruthLine, CONFIDENCE_BANDS } from './evaluate';
export { subsetSum, type SubsetSolution, type SubsetSumOptions } from './subset-sum';
export { fixOcr, foldText, nameTokens, normalizeName, referenceKey, referenceRuns, withinOneEdit, editDistance } from './normalize';
export { itemKeys, labelRefs, type ItemKey, type LabelRefs } from './references';
export { buildPartnerIndex, type PartnerEvidence, type PartnerIndex } from './partners';
export { FEATURE_NAMES } from './features';
