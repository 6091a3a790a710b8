/**
 * Last line of defence for log text that leaves the process (the live log view, the error
 * table): pino's `redact` already removed the known secret fields; this masks secrets that
 * ended up inside free text (an exception message quoting a URL or a header).
 */
const PATTERNS: [RegExp, string][] = [
  // JWTs anywhere (access tokens, signed URLs).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, '[redacted]'],
  // Authorization header values.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]'],
  // Secrets passed in query strings or key=value text.
  [
    /([?&\s"']|^)((?:access_|refresh_|api_|id_)?token|password|secret|signature|api_key|apikey)(=|":\s*"|:\s*)([^&\s"',}]+)/gi,
    '$1$2$3[redacted]',
  ],
  // The Chatwoot webhook path carries its secret.
  [/(\/webhook\/chatwoot\/)[^/\s?"']+/g, '$1:token'],
  // Credentials in connection URLs.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]*:)[^@\s/]+@/gi, '$1[redacted]@'],
];

export const scrubSecrets = (text: string): string =>
  PATTERNS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
