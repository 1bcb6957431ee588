import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { describe, expect, it } from 'vitest';
import { layoutRows, row } from './layout.ts';
import { mergeRawFields, rawPanel } from './raw.ts';

const textPanel = {
  type: 'text',
  title: 'Read me',
  id: 42,
  gridPos: { h: 3, w: 24, x: 0, y: 7 },
  options: { mode: 'markdown', content: '# Hello\n\n*kept* as written' },
  pluginVersion: '11.0.0',
  transparent: true,
};

function laidOut(panels: Parameters<typeof layoutRows>[1]) {
  const builder = new DashboardBuilder('t');
  layoutRows(builder, panels);
  return JSON.parse(JSON.stringify(builder.build().panels)) as Array<Record<string, unknown>>;
}

describe('rawPanel', () => {
  it('keeps its JSON byte for byte but for the id and gridPos layout gives it, at its own place and size', () => {
    const [, panel] = laidOut([row('r', [rawPanel({ title: 'Read me', json: textPanel, reason: 'a text panel' })])]);
    expect(JSON.stringify(panel)).toBe(JSON.stringify({ ...textPanel, id: 2, gridPos: { x: 0, y: 7, w: 24, h: 3 } }));
  });

  it('takes a position and size over its gridPos, and flows when it has none', () => {
    const { gridPos: _gridPos, ...unplaced } = textPanel;
    const [, moved, flowed] = laidOut([
      row('r', [
        rawPanel({ title: 'Read me', json: textPanel, reason: 'text', position: { x: 6, y: 1 }, width: 6 }),
        rawPanel({ title: 'Read me too', json: { ...unplaced, title: 'Read me too' }, reason: 'text' }),
      ]),
    ]);
    expect(moved!.gridPos).toEqual({ x: 6, y: 1, w: 6, h: 3 });
    expect(flowed!.gridPos).toEqual({ x: 12, y: 1, w: 12, h: 8 });
  });

  it('does not change the JSON it was given', () => {
    const given = structuredClone(textPanel);
    laidOut([row('r', [rawPanel({ title: 'Read me', json: given, reason: 'text' })])]);
    expect(given).toEqual(textPanel);
  });

  it.each([
    ['without a reason', { title: 'Read me', json: textPanel, reason: ' ' }, /say what was not converted/],
    [
      'that is a row',
      { title: 'r', json: { type: 'row', title: 'r' }, reason: 'a row' },
      /a row is row\(title, panels/,
    ],
    ['titled apart from its JSON', { title: 'Other', json: textPanel, reason: 'text' }, /its JSON is titled "Read me"/],
    [
      'titled when its JSON is not',
      { title: 'Named', json: { type: 'text' }, reason: 'text' },
      /its JSON is titled ""/,
    ],
  ])('refuses a raw panel %s', (_case, options, message) => {
    expect(() => rawPanel(options)).toThrow(message);
  });
});

describe('mergeRawFields', () => {
  it('merges objects key by key, keeping the order of the keys there, and replaces the rest', () => {
    const base = { a: { x: 1, y: [1, 2] }, b: 'b' };
    const merged = mergeRawFields(base, { a: { y: [3], z: true }, c: 1 });
    expect(JSON.stringify(merged)).toBe('{"a":{"x":1,"y":[3],"z":true},"b":"b","c":1}');
    expect(base).toEqual({ a: { x: 1, y: [1, 2] }, b: 'b' });
  });
});
