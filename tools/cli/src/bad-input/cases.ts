/**
 * The bad-input corpus: tenant files as users get them wrong, each with every line `plotwatch
 * build` must print for it (`file:line: message`). Fixture tenants only: `corpus` and friends,
 * never the repository's own. See bad-input.test.ts.
 */

/** A file's content: text, raw bytes, a symbolic link to a path, or a folder with the file's name. */
export type Entry = string | Uint8Array | { readonly link: string } | { readonly folder: true };

export interface BadInput {
  readonly name: string;
  /** The tenants folder: file name -> content. */
  readonly files: Readonly<Record<string, Entry>>;
  /** Every problem printed, in order: [file, line, message]; `{dir}` in a message is the tenants folder as printed. */
  readonly errors: ReadonlyArray<readonly [file: string, line: number, message: string]>;
}

export const MAIL = '  - name: ops-mail\n    type: email\n    to: ops@corpus.example\n';

/**
 * A tenant file: the id on line 1, notifications from line 4 (the default channel on lines 5-7),
 * `body` from line 8.
 */
export function tenant(body = '', { id = 'corpus', channels = MAIL } = {}): string {
  return `id: ${id}\ndisplayName: Corpus Books\ntier: pro\nnotifications:\n${channels}${body}`;
}

/** A webhook channel (its url on line 7) for a tenant's `channels`. */
const hook = (url: string) => `  - name: hook\n    type: webhook\n    url: ${url}\n`;
const window = (w: string) => `maintenanceWindows:\n  - ${w}\n`;

/** One file, corpus.yaml, and its problems as [line, message]. */
function only(name: string, text: Entry, ...errors: Array<readonly [number, string]>): BadInput {
  return { name, files: { 'corpus.yaml': text }, errors: errors.map(([line, m]) => ['corpus.yaml', line, m] as const) };
}

const SECRETS_BY_FILE = 'secrets are file references only';
const IANA = 'must be UTC or an IANA time zone like Europe/London';
const OBJECTIVE =
  'must be at least 0.9 and below 1 (1 leaves no error budget; below 0.9 the burn-rate pages cannot fire)';
const ID_RULE = (persona: string, owner: string) =>
  `id must not have the persona "${persona}" as a word after its first: names join a tenant id and a persona with "-", ` +
  `so this id's names could equal tenant ${owner}'s (its ${persona} folder is tenant-${owner}-${persona}); ` +
  'choose an id without ops, ml, product after its first word';
const RESERVED = (id: string) =>
  `id must not be "${id}", which the platform's own names use (reserved: platform, tenant, plotwatch); choose another id`;
const utf8 = (text: string) => new TextEncoder().encode(text);
const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...utf8(p)] : p)));

export const BAD_INPUTS: readonly BadInput[] = [
  // YAML and the file itself
  only('a tab for indentation', 'id: corpus\ndisplayName: Corpus\ntier: pro\nnotifications:\n\t- name: x\n', [
    5,
    'Tabs are not allowed as indentation',
  ]),
  only('a key given twice', tenant('tier: free\n'), [8, 'Map keys must be unique']),
  only('an unclosed quote', tenant().replace('displayName: Corpus Books', "displayName: 'Corpus Books"), [
    2,
    "Missing closing 'quote",
  ]),
  only('an alias to no anchor', tenant('thresholds: *missing\n'), [
    8,
    'the YAML cannot be read: Unresolved alias (the anchor must be set before the alias): missing',
  ]),
  only(
    'an alias bomb',
    'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
    [
      2,
      'YAML aliases expand to too many values (the yaml library stops at 100, against "billion laughs" files): write the values out',
    ],
  ),
  only('two documents in one file', `${tenant()}---\n${tenant()}`, [
    8,
    'Source contains multiple documents; please use YAML.parseAllDocuments()',
  ]),
  only('an unclosed flow mapping', tenant('thresholds: { story_api_error_ratio: 0.1\n'), [
    9,
    'Flow map in block collection must be sufficiently indented and end with a }',
  ]),
  only(
    'an empty file',
    '',
    [1, 'id is required'],
    [1, 'displayName is required'],
    [1, 'tier must be one of enterprise, pro, free'],
    [1, 'notifications is required'],
  ),
  only('a list instead of a mapping', '- id: corpus\n', [
    1,
    'the file must be a YAML mapping of tenant fields (id, displayName, tier, notifications, ...), got [{"id":"corpus"}]',
  ]),
  only(
    'binary junk that is valid UTF-8',
    bytes(
      [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01],
      'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz',
    ),
    [
      1,
      'the file must be a YAML mapping of tenant fields (id, displayName, tier, notifications, ...), got "\\u007fELF\\u0002\\u0001\\u0001zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"… (71 characters)',
    ],
  ),
  only('a byte that is not UTF-8 (0xff)', bytes('id: corpus\ndisplayName: Corpus ', [0xff], '\ntier: pro\n'), [
    2,
    'byte 0xff at offset 31 is not UTF-8: tenant files are UTF-8 text, save it as UTF-8',
  ]),
  only('Latin-1 text (é as 0xe9)', bytes('id: corpus\ndisplayName: Caf', [0xe9], ' Books\ntier: pro\n'), [
    2,
    'byte 0xe9 at offset 27 is not UTF-8: tenant files are UTF-8 text, save it as UTF-8',
  ]),
  only('a UTF-8 sequence cut short at the end', bytes(tenant(), '# ', [0xe2, 0x82]), [
    8,
    'byte 0xe2 at offset 126 is not UTF-8: tenant files are UTF-8 text, save it as UTF-8',
  ]),
  only(
    'a BOM, then a byte that is not UTF-8',
    bytes([0xef, 0xbb, 0xbf], 'id: corpus\ndisplayName: ', [0xc3, 0x28], '\n'),
    [2, 'byte 0xc3 at offset 27 is not UTF-8: tenant files are UTF-8 text, save it as UTF-8'],
  ),
  only('lists nested thousands deep', `id: corpus\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n`, [
    2,
    'the YAML nests deeper than it can be read: a tenant file is a few levels deep, is it the right file?',
  ]),
  only('a file of two megabytes', tenant(`# ${'x'.repeat(2 * 1024 * 1024)}\n`), [
    1,
    `is ${124 + 2 * 1024 * 1024 + 3} bytes, more than a tenant file ever is (at most 1048576): is it the right file?`,
  ]),
  only('a broken symbolic link', { link: 'gone.yaml' }, [
    1,
    'is a symbolic link to gone.yaml, which does not exist: fix the link or remove it',
  ]),
  only('a folder named like a tenant file', { folder: true }, [
    1,
    'is a folder, not a tenant file: rename it or move it out of the tenants folder',
  ]),

  // Schema
  only('no id', 'displayName: Corpus\ntier: pro\nnotifications:\n' + MAIL, [1, 'id is required']),
  only(
    'an id in capitals',
    tenant('', { id: 'Corpus' }),
    [1, 'id "Corpus" must match the file name; rename the file to Corpus.yaml or fix the id'],
    [1, 'id must be a lowercase DNS label of at most 20 characters (a-z, 0-9, "-"), got "Corpus"'],
  ),
  {
    name: 'an id of 21 characters',
    files: { 'abcdefghijklmnopqrstu.yaml': tenant('', { id: 'abcdefghijklmnopqrstu' }) },
    errors: [
      [
        'abcdefghijklmnopqrstu.yaml',
        1,
        'id must be a lowercase DNS label of at most 20 characters (a-z, 0-9, "-"), got "abcdefghijklmnopqrstu"',
      ],
    ],
  },
  only('an id that is not the file name', tenant('', { id: 'corpse' }), [
    1,
    'id "corpse" must match the file name; rename the file to corpse.yaml or fix the id',
  ]),
  only('an id that YAML reads as a number', tenant('', { id: '2024' }), [1, 'id must be a string, got 2024']),
  only('a misspelt field', tenant('notification: []\n'), [
    8,
    'notification is not a known field; remove it or check its spelling',
  ]),
  only('an unknown tier', tenant().replace('tier: pro', 'tier: gold'), [
    3,
    'tier must be one of enterprise, pro, free, got "gold"',
  ]),
  only('an unknown tenancy', tenant('tenancy: cortex\n'), [8, 'tenancy must be one of label, mimir, got "cortex"']),
  only('an empty display name', tenant().replace('displayName: Corpus Books', "displayName: ''"), [
    2,
    'displayName Too small: expected string to have >=1 characters, got ""',
  ]),
  only('a display name that is a list', tenant().replace('displayName: Corpus Books', 'displayName: [a, b]'), [
    2,
    'displayName must be a string, got ["a","b"]',
  ]),
  {
    name: 'one id in two files',
    files: { 'corpus.yaml': tenant(), 'corpus.yml': tenant() },
    errors: [['corpus.yml', 1, 'tenant id "corpus" is already defined in {dir}/corpus.yaml']],
  },

  // Names
  {
    name: 'an id that is another plus a persona (a, a-ops)',
    files: { 'a.yaml': tenant('', { id: 'a' }), 'a-ops.yaml': tenant('', { id: 'a-ops' }) },
    errors: [['a-ops.yaml', 1, ID_RULE('ops', 'a')]],
  },
  {
    name: 'a persona as a middle word',
    files: { 'acme-ml-labs.yaml': tenant('', { id: 'acme-ml-labs' }) },
    errors: [['acme-ml-labs.yaml', 1, ID_RULE('ml', 'acme')]],
  },
  {
    name: 'an id ending in -product',
    files: { 'acme-product.yaml': tenant('', { id: 'acme-product' }) },
    errors: [['acme-product.yaml', 1, ID_RULE('product', 'acme')]],
  },
  ...['platform', 'tenant', 'plotwatch'].map((id) => ({
    name: `the reserved id ${id}`,
    files: { [`${id}.yaml`]: tenant('', { id }) },
    errors: [[`${id}.yaml`, 1, RESERVED(id)] as const],
  })),
  {
    name: 'an id ending in a hyphen',
    files: { 'corpus-.yaml': tenant('', { id: 'corpus-' }) },
    errors: [
      ['corpus-.yaml', 1, 'id must be a lowercase DNS label of at most 20 characters (a-z, 0-9, "-"), got "corpus-"'],
    ],
  },
  {
    name: 'an id with an underscore',
    files: { 'corpus_books.yaml': tenant('', { id: 'corpus_books' }) },
    errors: [
      [
        'corpus_books.yaml',
        1,
        'id must be a lowercase DNS label of at most 20 characters (a-z, 0-9, "-"), got "corpus_books"',
      ],
    ],
  },

  // Notifications
  only('no channels', tenant('', { channels: '' }).replace('notifications:\n', 'notifications: []\n'), [
    4,
    'notifications needs at least one channel, got []',
  ]),
  only('no notifications at all', 'id: corpus\ndisplayName: Corpus\ntier: pro\n', [1, 'notifications is required']),
  only('an unknown channel type', tenant('', { channels: '  - name: bird\n    type: pigeon\n' }), [
    6,
    'notifications.0.type must be one of slack, pagerduty, webhook, email, got "pigeon"',
  ]),
  only(
    'a Slack channel without #',
    tenant('', {
      channels:
        '  - name: chat\n    type: slack\n    channel: alerts\n    apiUrlFile: /etc/alertmanager/secrets/corpus/slack\n',
    }),
    [7, 'notifications.0.channel must be a Slack channel like #team-alerts, got "alerts"'],
  ),
  only(
    'a Slack URL file that is a relative path',
    tenant('', {
      channels: "  - name: chat\n    type: slack\n    channel: '#alerts'\n    apiUrlFile: secrets/slack\n",
    }),
    [8, 'notifications.0.apiUrlFile must be an absolute path to a mounted secret file, got "secrets/slack"'],
  ),
  only(
    'a Slack URL given inline',
    tenant('', {
      channels:
        "  - name: chat\n    type: slack\n    channel: '#alerts'\n    apiUrl: https://hooks.slack.com/services/T0/B0/X\n",
    }),
    [5, 'notifications.0.apiUrlFile is required'],
    [
      8,
      'notifications.0.apiUrl is not accepted: secrets are references only, use apiUrlFile (a path to a mounted secret file)',
    ],
  ),
  only('PagerDuty without its key', tenant('', { channels: '  - name: pager\n    type: pagerduty\n' }), [
    5,
    'notifications.0.routingKeyFile is required',
  ]),
  only(
    'a Slack incoming webhook as a webhook',
    tenant('', { channels: hook('https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX') }),
    [
      7,
      `notifications.0.url is a Slack incoming webhook, whose URL is its secret: ${SECRETS_BY_FILE}, use a channel of type slack with apiUrlFile (a mounted file holding the URL)`,
    ],
  ),
  only(
    'a Discord webhook',
    tenant('', { channels: hook('https://discord.com/api/webhooks/1234567890/abcdefABCDEF') }),
    [
      7,
      `notifications.0.url is a Discord webhook, whose URL is its secret: ${SECRETS_BY_FILE}, send through a relay that takes a bearer token (credentialsFile) instead`,
    ],
  ),
  only(
    'a Microsoft Teams webhook',
    tenant('', { channels: hook('https://corpus.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/456') }),
    [
      7,
      `notifications.0.url is a Microsoft Teams webhook, whose URL is its secret: ${SECRETS_BY_FILE}, send through a relay that takes a bearer token (credentialsFile) instead`,
    ],
  ),
  only('a Google Chat webhook', tenant('', { channels: hook('https://chat.googleapis.com/v1/spaces/AAAA/messages') }), [
    7,
    `notifications.0.url is a Google Chat webhook, whose URL is its secret: ${SECRETS_BY_FILE}, send through a relay that takes a bearer token (credentialsFile) instead`,
  ]),
  only('a token in the query', tenant('', { channels: hook('https://relay.corpus.example/hook?token=s3cr3t') }), [
    7,
    'notifications.0.url must not carry a secret (user:password@, ?query, #fragment): put the token in credentialsFile',
  ]),
  only(
    'a password in the user info',
    tenant('', { channels: hook('https://alerts:s3cr3t@relay.corpus.example/hook') }),
    [
      7,
      'notifications.0.url must not carry a secret (user:password@, ?query, #fragment): put the token in credentialsFile',
    ],
  ),
  only(
    'a token in the path',
    tenant('', { channels: hook('https://relay.corpus.example/hooks/Zx81kQ2vR7pLw03NmYt5') }),
    [7, `notifications.0.url has what looks like a token in its path: ${SECRETS_BY_FILE}, put it in credentialsFile`],
  ),
  only('an FTP webhook', tenant('', { channels: hook('ftp://relay.corpus.example/hook') }), [
    7,
    'notifications.0.url must be an http(s) URL, got "ftp://relay.corpus.example/hook"',
  ]),
  only(
    'a bearer token file that is relative',
    tenant('', { channels: `${hook('https://relay.corpus.example/hook')}    credentialsFile: token.txt\n` }),
    [8, 'notifications.0.credentialsFile must be an absolute path to a mounted secret file, got "token.txt"'],
  ),
  only(
    'an email address without a domain',
    tenant('', { channels: '  - name: mail\n    type: email\n    to: ops\n' }),
    [7, 'notifications.0.to Invalid email address, got "ops"'],
  ),
  only('one channel name twice', tenant('', { channels: MAIL + MAIL }), [
    8,
    'notifications.1.name "ops-mail" is used twice; channel names must be unique per tenant',
  ]),
  only('an unknown persona', tenant('', { channels: `${MAIL}    personas: [dev]\n` }), [
    8,
    'notifications.0.personas.0 must be one of ops, ml, product, got "dev"',
  ]),
  only('no severities', tenant('', { channels: `${MAIL}    severities: []\n` }), [
    8,
    'notifications.0.severities Too small: expected array to have >=1 items, got []',
  ]),
  only('a channel name in capitals', tenant('', { channels: MAIL.replace('ops-mail', 'OpsMail') }), [
    5,
    'notifications.0.name must be a lowercase DNS label (a-z, 0-9, "-"), got "OpsMail"',
  ]),

  // Maintenance windows
  only(
    'a weekday that is not one',
    tenant(window("weekdays: [funday]\n    times: [{ start: '01:00', end: '02:00' }]")),
    [9, 'maintenanceWindows.0.weekdays.0 must be a lowercase weekday or a range like monday:friday, got "funday"'],
  ),
  only(
    'a weekday range that runs backwards',
    tenant(window("weekdays: [saturday:monday]\n    times: [{ start: '01:00', end: '02:00' }]")),
    [
      9,
      'maintenanceWindows.0.weekdays.0 runs backwards: Alertmanager counts weeks from sunday and refuses a range that ends before it starts; write it as saturday and sunday:monday, got "saturday:monday"',
    ],
  ),
  only(
    'a weekday range across the weekend',
    tenant(window("weekdays: [friday:tuesday]\n    times: [{ start: '01:00', end: '02:00' }]")),
    [
      9,
      'maintenanceWindows.0.weekdays.0 runs backwards: Alertmanager counts weeks from sunday and refuses a range that ends before it starts; write it as friday:saturday and sunday:tuesday, got "friday:tuesday"',
    ],
  ),
  only('a capitalized weekday', tenant(window("weekdays: [Monday]\n    times: [{ start: '01:00', end: '02:00' }]")), [
    9,
    'maintenanceWindows.0.weekdays.0 must be a lowercase weekday or a range like monday:friday, got "Monday"',
  ]),
  only('an hour past 24', tenant(window("weekdays: [monday]\n    times: [{ start: '23:00', end: '25:00' }]")), [
    10,
    'maintenanceWindows.0.times.0.end must be a time of day like 02:00 (24:00 for midnight), got "25:00"',
  ]),
  only(
    'a window that ends before it starts',
    tenant(window("weekdays: [monday]\n    times: [{ start: '04:00', end: '02:00' }]")),
    [10, 'maintenanceWindows.0.times.0 start must be before end, got {"start":"04:00","end":"02:00"}'],
  ),
  only('a window of no time', tenant(window("weekdays: [monday]\n    times: [{ start: '02:00', end: '02:00' }]")), [
    10,
    'maintenanceWindows.0.times.0 start must be before end, got {"start":"02:00","end":"02:00"}',
  ]),
  only(
    'a time zone that does not exist',
    tenant(window("weekdays: [monday]\n    times: [{ start: '01:00', end: '02:00' }]\n    location: America/NewYork")),
    [11, `maintenanceWindows.0.location ${IANA} (did you mean America/New_York?), got "America/NewYork"`],
  ),
  only(
    'a time zone in lower case',
    tenant(window("weekdays: [monday]\n    times: [{ start: '01:00', end: '02:00' }]\n    location: europe/london")),
    [11, `maintenanceWindows.0.location ${IANA} (did you mean Europe/London?), got "europe/london"`],
  ),
  only(
    'a time zone abbreviation',
    tenant(window("weekdays: [monday]\n    times: [{ start: '01:00', end: '02:00' }]\n    location: CEST")),
    [11, `maintenanceWindows.0.location ${IANA}, got "CEST"`],
  ),
  only('a window without times', tenant(window('weekdays: [sunday]')), [9, 'maintenanceWindows.0.times is required']),
  only('a window without weekdays', tenant(window("times: [{ start: '01:00', end: '02:00' }]")), [
    9,
    'maintenanceWindows.0.weekdays is required',
  ]),

  // SLOs
  only('availability of 1', tenant('slo:\n  storyGeneration:\n    availability: 1\n'), [
    10,
    `slo.storyGeneration.availability ${OBJECTIVE}, got 1`,
  ]),
  only('availability of 0', tenant('slo:\n  storyGeneration:\n    availability: 0\n'), [
    10,
    `slo.storyGeneration.availability ${OBJECTIVE}, got 0`,
  ]),
  only('availability below the floor', tenant('slo:\n  userInteraction:\n    availability: 0.5\n'), [
    10,
    `slo.userInteraction.availability ${OBJECTIVE}, got 0.5`,
  ]),
  only('availability as a percentage', tenant('slo:\n  userInteraction:\n    availability: 99.9\n'), [
    10,
    `slo.userInteraction.availability ${OBJECTIVE}, got 99.9`,
  ]),
  only('availability as text', tenant("slo:\n  userInteraction:\n    availability: '99.9%'\n"), [
    10,
    'slo.userInteraction.availability must be a number, got "99.9%"',
  ]),
  only('availability .nan', tenant('slo:\n  userInteraction:\n    availability: .nan\n'), [
    10,
    'slo.userInteraction.availability must be a number, got .nan',
  ]),
  only('a latency objective above 1', tenant('slo:\n  storyGeneration:\n    latency:\n      objective: 1.5\n'), [
    11,
    `slo.storyGeneration.latency.objective ${OBJECTIVE}, got 1.5`,
  ]),
  only(
    'a latency threshold of 0 seconds',
    tenant('slo:\n  storyGeneration:\n    latency:\n      thresholdSeconds: 0\n'),
    [
      11,
      'slo.storyGeneration.latency.thresholdSeconds must be between 0.5 and 60 seconds, the buckets of narrative_generation_duration_seconds: the SLI counts requests by bucket, got 0',
    ],
  ),
  only(
    'a latency threshold past the largest bucket',
    tenant('slo:\n  userInteraction:\n    latency:\n      thresholdSeconds: 10\n'),
    [
      11,
      'slo.userInteraction.latency.thresholdSeconds must be between 0.01 and 2.5 seconds, the buckets of user_interaction_response_duration_seconds: the SLI counts requests by bucket, got 10',
    ],
  ),
  only('a p95 threshold of 0', tenant('thresholds:\n  story_api_p95_latency_seconds: 0\n'), [
    9,
    'thresholds.story_api_p95_latency_seconds must be above 0 and at most 30: it is compared with a quantile of http_request_duration_seconds, which histogram_quantile reports only above 0 and up to its largest bucket (30), got 0',
  ]),
  only('a p95 threshold past the largest bucket', tenant('thresholds:\n  interaction_p95_latency_seconds: 5\n'), [
    9,
    'thresholds.interaction_p95_latency_seconds must be between 0.01 and 2.5: it is compared with a quantile of user_interaction_response_duration_seconds, which histogram_quantile reports only above 0 and up to its largest bucket (2.5), got 5',
  ]),
  only(
    'a latency threshold of .inf',
    tenant('slo:\n  storyGeneration:\n    latency:\n      thresholdSeconds: .inf\n'),
    [11, 'slo.storyGeneration.latency.thresholdSeconds must be a number, got .inf'],
  ),
  only('an SLO that does not exist', tenant('slo:\n  storyGen:\n    availability: 0.99\n'), [
    9,
    'slo.storyGen is not a known field; remove it or check its spelling',
  ]),

  // Thresholds
  only('a misspelt threshold', tenant('thresholds:\n  story_api_eror_ratio: 0.1\n'), [
    9,
    'thresholds.story_api_eror_ratio is not a known field; remove it or check its spelling',
  ]),
  only('a ratio above 1', tenant('thresholds:\n  story_api_error_ratio: 5\n'), [
    9,
    'thresholds.story_api_error_ratio must be between 0 and 1, got 5',
  ]),
  only('a count below its minimum', tenant('thresholds:\n  story_api_max_in_flight_requests: 0\n'), [
    9,
    'thresholds.story_api_max_in_flight_requests must be between 1 and 100000, got 0',
  ]),
  only('a threshold as text', tenant("thresholds:\n  story_api_error_ratio: 'high'\n"), [
    9,
    'thresholds.story_api_error_ratio must be a number, got "high"',
  ]),
  only('a threshold of -.inf', tenant('thresholds:\n  model_drift_score: -.inf\n'), [
    9,
    'thresholds.model_drift_score must be a number, got -.inf',
  ]),
  only('a threshold of .nan', tenant('thresholds:\n  model_drift_score: .NaN\n'), [
    9,
    'thresholds.model_drift_score must be a number, got .nan',
  ]),
  only('thresholds as a list', tenant('thresholds:\n  - story_api_error_ratio: 0.1\n'), [
    8,
    'thresholds must be an object, got [{"story_api_error_ratio":0.1}]',
  ]),
];
