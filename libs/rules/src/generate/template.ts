import type { Tenant } from '@plotwatch/platform';
import { evaluateGoAction } from './go-template.ts';
import { humanizeLike } from './humanize.ts';
import type { Labels, RuleTarget, Segment, Template, TenantParam, ValueFormat } from '../model/model.ts';
import { paramSelector } from './params.ts';

// The annotation model (Segment, Template) lives in model/; these build and render it.

export const label = (name: string): Segment => ({ label: name });
export const value = (format: ValueFormat): Segment => ({ value: format });
export const param = (p: TenantParam): Segment => ({ param: p });

/** A tagged template: tpl`tenant ${label('tenant')} at ${value('humanize')}`. */
export function tpl(strings: TemplateStringsArray, ...parts: Segment[]): Template {
  return strings.flatMap((s, i) => (i < parts.length ? [s, parts[i]!] : [s])).filter((s) => s !== '');
}

/** `{{ <expr> | humanizePercentage }}`, or printf for plain decimals. */
function formatted(expr: string, format: ValueFormat): string {
  return format === 'decimal' ? `{{ ${expr} | printf "%.4g" }}` : `{{ ${expr} | ${format} }}`;
}

function render(template: Template, text: (segment: Exclude<Segment, string>) => string): string {
  // A loop, not map/join: every expected alert of every tenant's tests renders its annotations.
  let out = '';
  for (const s of template) out += typeof s === 'string' ? s : text(s);
  return out;
}

/** The Go template Prometheus (and Mimir's ruler) evaluates for `target`. */
export function prometheusTemplate(template: Template, target: RuleTarget): string {
  return render(template, (s) => {
    if ('go' in s) return s.go;
    if ('label' in s) return `{{ $labels.${s.label} }}`;
    if ('value' in s) return formatted('$value', s.value);
    if (target.kind === 'own') return humanizeLike(s.param.format, s.param.valueOf(target.tenant));
    if (target.kind === 'platform')
      throw new Error(`per-tenant value ${s.param.series} in a platform-scope annotation`);
    // One shared rule serves every tenant: fetch the alerted tenant's own value when rendering.
    const selector = paramSelector(s.param).replace(/"/g, "'");
    const withTenant = selector.includes('{') ? selector.replace('{', "{tenant='%s', ") : `${selector}{tenant='%s'}`;
    return `{{ with printf "${withTenant}" $labels.tenant | query }}${formatted('. | first | value', s.param.format)}{{ end }}`;
  });
}

/**
 * Grafana's flavour: `$values.<refId>.Value` instead of `$value`, and no `query` function; a
 * shared param is shown through its own query, whose refId `paramRef` names.
 */
export function grafanaTemplate(
  template: Template,
  target: RuleTarget,
  valueRef: string,
  paramRef: (p: TenantParam) => string,
): string {
  return render(template, (s) => {
    if ('go' in s) return s.go;
    if ('label' in s) return `{{ $labels.${s.label} }}`;
    if ('value' in s) return formatted(`$values.${valueRef}.Value`, s.value);
    if (target.kind === 'own') return humanizeLike(s.param.format, s.param.valueOf(target.tenant));
    return formatted(`$values.${paramRef(s.param)}.Value`, s.param.format);
  });
}

/** The text Prometheus prints for an alert with these labels and value: what a promtool test expects. */
export function expectedText(template: Template, o: { labels: Labels; value: number; tenant?: Tenant }): string {
  return render(template, (s) => {
    if ('go' in s) return evaluateGoAction(s.go, o);
    if ('label' in s) {
      const found = o.labels[s.label];
      if (found === undefined)
        throw new Error(`the annotation reads label ${s.label}, which the expected alert does not carry`);
      return found;
    }
    if ('value' in s) return humanizeLike(s.value, o.value);
    if (!o.tenant) throw new Error(`per-tenant value ${s.param.series} expected without a tenant`);
    return humanizeLike(s.param.format, s.param.valueOf(o.tenant));
  });
}
