/**
 * The features a proposal is scored on. The order is the order of the fitted coefficients
 * (coefficients.ts): append new features at the end and refit.
 */
export const FEATURE_NAMES = [
  'bias',
  'amountExact',
  'amountFee',
  'feeRound',
  'feeInLabel',
  'amountFxExact',
  'amountFxApprox',
  'amountPartial',
  'partialHintOnPartial',
  'partialHintOnFull',
  'amountRelError',
  'refStrong',
  'refMedium',
  'refWeak',
  'refFuzzy',
  'refStructured',
  'refOtherItem',
  'refNoneInLabel',
  'partnerOnLine',
  'partnerLineConflict',
  'partnerIban',
  'partnerIbanConflict',
  'partnerLearned',
  'partnerNameSim',
  'partnerLabelSim',
  'partnerNoEvidence',
  'extraItems',
  'subsetAmbiguity',
  'sameAmountItems',
  'monthsPastDue',
  'itemAfterLine',
  'partnerOnly',
  'outgoing',
  'isPayment',
  'labelRefCount',
  'amountInLabel',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export const FEATURE_COUNT = FEATURE_NAMES.length;
export const FEATURE_INDEX: Readonly<Record<FeatureName, number>> = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i])) as Record<FeatureName, number>;

export type FeatureVector = number[];

export function emptyFeatures(): FeatureVector {
  const v = new Array<number>(FEATURE_COUNT).fill(0);
  v[0] = 1;
  return v;
}

export function setFeature(v: FeatureVector, name: FeatureName, value: number): void {
  v[FEATURE_INDEX[name]] = value;
}

export function getFeature(v: FeatureVector, name: FeatureName): number {
  return v[FEATURE_INDEX[name]] ?? 0;
}

/** Hand-set starting weights: what the engine uses before a fit exists (and a sanity baseline for the fit). */
export const PRIOR_RANK_WEIGHTS: Readonly<Record<FeatureName, number>> = {
  bias: -4,
  amountExact: 3,
  amountFee: 1.2,
  feeRound: 0.8,
  feeInLabel: 1.5,
  amountFxExact: 3,
  amountFxApprox: 1,
  amountPartial: -0.5,
  partialHintOnPartial: 2,
  partialHintOnFull: -1,
  amountRelError: -3,
  refStrong: 3.5,
  refMedium: 2,
  refWeak: 0.7,
  refFuzzy: 1.5,
  refStructured: 1,
  refOtherItem: -1.5,
  refNoneInLabel: 0,
  partnerOnLine: 2,
  partnerLineConflict: -2.5,
  partnerIban: 2,
  partnerIbanConflict: -2,
  partnerLearned: 2,
  partnerNameSim: 2,
  partnerLabelSim: 1.5,
  partnerNoEvidence: -1.5,
  extraItems: -0.3,
  subsetAmbiguity: -0.7,
  sameAmountItems: -0.5,
  monthsPastDue: -0.05,
  itemAfterLine: -2,
  partnerOnly: -1,
  outgoing: 0,
  isPayment: 0,
  labelRefCount: 0,
  amountInLabel: 1,
};

export const PRIOR_CALIBRATION: readonly number[] = [0, 1, 0.3, 0];
