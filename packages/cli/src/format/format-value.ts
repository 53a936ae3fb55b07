const secretField = /(secret|token|password|private_?key)$/i;

/** True when a field path names a secret value (`identityProviderClientSecret`, `…Token`, …). */
export function isSecretField(field: string): boolean {
  return secretField.test(field.split('.').at(-1) ?? field);
}

/**
 * A value as one short line for a report: JSON, shortened to `width`
 * characters, and `<secret>` for secret fields so no secret reaches a terminal.
 */
export function formatValue(value: unknown, field: string, width = 60): string {
  if (value === undefined) return '(unset)';
  if (isSecretField(field)) return '<secret>';
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
