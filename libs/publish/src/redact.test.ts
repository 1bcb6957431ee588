import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact.ts';

describe('createRedactor', () => {
  it('hides every secret it knows, plain or URL-encoded, also ones added later', () => {
    const redactor = createRedactor(['glsa_token/with+chars']);
    redactor.add('https://hooks.slack.example/T000/B000/XXXX\n');
    const text = redactor.redact(
      'token glsa_token/with+chars, encoded glsa_token%2Fwith%2Bchars, url https://hooks.slack.example/T000/B000/XXXX!',
    );
    expect(text).toBe('token [redacted], encoded [redacted], url [redacted]!');
  });

  it('ignores empty secrets', () => {
    expect(createRedactor(['']).redact('nothing to hide')).toBe('nothing to hide');
  });
});
