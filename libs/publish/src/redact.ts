export interface Redactor {
  /** Remembers a secret (the API token, a referenced secret file's content) from now on. */
  add(secret: string): void;
  /** The text with every secret, plain or URL-encoded, replaced by `[redacted]`. */
  redact(text: string): string;
}

/** Everything the publisher prints goes through one, whatever produced the text (our messages, Grafana's, a stack). */
export function createRedactor(secrets: Iterable<string> = []): Redactor {
  const forms = new Set<string>();
  const add = (secret: string) => {
    for (const form of [secret, secret.trim(), encodeURIComponent(secret.trim())]) if (form.length > 0) forms.add(form);
  };
  for (const secret of secrets) add(secret);
  return {
    add,
    redact: (text) =>
      [...forms]
        .sort((a, b) => b.length - a.length)
        .reduce((out, secret) => out.split(secret).join('[redacted]'), text),
  };
}
