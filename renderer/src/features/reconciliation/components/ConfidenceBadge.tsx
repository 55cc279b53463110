import { Badge } from '@mantine/core';
import { bandInfo, bandOf } from '../lines';

export function ConfidenceBadge({ confidence }: { confidence: number | undefined }) {
  const info = bandInfo(bandOf(confidence));
  return (
    <Badge size="sm" variant="light" color={info.color} aria-label={`Confidence: ${info.label}`} style={{ flexShrink: 0 }}>
      {confidence === undefined ? info.label : info.band === 'auto' ? `auto · ${Math.round(confidence * 100)}%` : `${Math.round(confidence * 100)}%`}
    </Badge>
  );
}
