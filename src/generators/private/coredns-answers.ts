import { type CoreDnsAnswers, type TypedCoreDnsAnswers } from '../../services/coredns/index.js';
import { InputError, splitList } from '../../model/index.js';
import { readAnswersFile } from './answers-file.js';
import { clustersFromOptions } from './cluster-options.js';
import { isMap } from '../../private/is-map.js';

/** The CoreDNS options that carry answers (camelCase, as parsed). */
export interface CoreDnsAnswerOptions {
  answers?: string | undefined;
  clusters?: string | undefined;
  serviceCidrs?: string | undefined;
  dnsIps?: string | undefined;
  replicas?: string | undefined;
  chartVersion?: string | undefined;
  chartSource?: string | undefined;
  dependsOn?: string | undefined;
  monitoring?: string | undefined;
  forwarders?: string | undefined;
  placement?: string | undefined;
  reconfigure?: boolean | undefined;
}

/** Answers gathered from an answers file or the stored answers, with the options over them. */
export interface GatheredAnswers {
  readonly answers: TypedCoreDnsAnswers;
  /** Nothing left to ask: every cluster has its Service CIDR. */
  readonly complete: boolean;
  /** From an answers file: never prompt; the model reports whatever is missing. */
  readonly fromFile: boolean;
}

/**
 * What the user said, before any prompt: `--answers FILE` (options override it), else the stored
 * answers (unless `--reconfigure`) with the options over them. Shared by the Yeoman generator
 * and the fast non-interactive front door, so both read options the same way.
 */
export function gatherCoreDnsAnswers(options: CoreDnsAnswerOptions, stored: CoreDnsAnswers | undefined, resolvePath: (path: string) => string, root: string): GatheredAnswers {
  if (options.answers) {
    const fromFile = readAnswersFile(resolvePath(options.answers), root, options.answers) as CoreDnsAnswers;
    if (isMap(fromFile) && Array.isArray(fromFile.clusters)) {
      applyCoreDnsOptions(fromFile, options);
    }
    return { answers: fromFile, complete: true, fromFile: true };
  }
  const base: TypedCoreDnsAnswers = structuredClone((options.reconfigure ? undefined : stored) ?? { clusters: [] });
  applyCoreDnsOptions(base, options);
  const complete = base.clusters.length > 0 && base.clusters.every((c) => c.serviceCidr);
  return { answers: base, complete, fromFile: false };
}

/** Without a terminal, say which options are missing instead of hanging on a prompt. */
export function missingAnswersError(answers: TypedCoreDnsAnswers): InputError {
  return new InputError([
    answers.clusters.length === 0
      ? {
          code: 'option-required',
          path: '--clusters',
          message: 'no cluster given and no stored answers',
          fix: 'pass --answers FILE, or --clusters with --service-cidrs, or run in a terminal to be asked',
        }
      : {
          code: 'option-required',
          path: '--service-cidrs',
          message: `missing for ${answers.clusters
            .filter((c) => !c.serviceCidr)
            .map((c) => c.name)
            .join(', ')}`,
          fix: 'pass --service-cidrs name=CIDR,... or run in a terminal to be asked',
        },
  ]);
}

/** Options override whatever the answers file or .yo-rc.json said. */
function applyCoreDnsOptions(base: TypedCoreDnsAnswers, o: CoreDnsAnswerOptions): void {
  if (o.clusters !== undefined) {
    base.clusters = clustersFromOptions(splitList(String(o.clusters)), base.clusters ?? [], o);
  } else if ((o.serviceCidrs ?? o.dnsIps ?? o.replicas) !== undefined) {
    base.clusters = clustersFromOptions(
      (base.clusters ?? []).map((c) => c.name),
      base.clusters ?? [],
      o,
    );
  }
  if (o.chartVersion !== undefined || o.chartSource !== undefined) {
    base.chart = { ...base.chart };
    if (o.chartVersion !== undefined) {
      base.chart.version = String(o.chartVersion);
      if (o.chartSource === undefined) delete base.chart.source; // re-derive for the new version
    }
    if (o.chartSource !== undefined) base.chart.source = String(o.chartSource);
  }
  if (o.dependsOn !== undefined) base.dependsOn = splitList(String(o.dependsOn));
  if (o.monitoring !== undefined) base.monitoring = { ...base.monitoring, enabled: String(o.monitoring) };
  if (o.forwarders !== undefined) base.defaults = { ...base.defaults, forwarders: splitList(String(o.forwarders)) };
  if (o.placement !== undefined) base.defaults = { ...base.defaults, placement: String(o.placement) };
}
