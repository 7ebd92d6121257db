import { parseAllDocuments } from 'yaml';
import { editConfigMapData } from '../../../edit/index.js';
import { COREDNS_SETTING_KEYS, type CoreDnsPlan } from './coredns-plan.js';
import { CLUSTER_SETTINGS_NAME, type TreeReader, clusterDir } from '../../../kit/index.js';

/**
 * What taking cluster `name` out of the story layout's CoreDNS setup changes: its CoreDNS keys
 * leave its cluster-settings, nothing else. No file is deleted: the cluster's entry applies all of
 * kubernetes/infrastructure, not only CoreDNS, and may be the user's; the notes say what is left.
 * (The infrastructure layout's removal, which deletes the cluster's own coredns.yaml, is
 * planClusterRemovalInLayout in src/layout.)
 */
export function planClusterRemoval(name: string, reader: TreeReader): CoreDnsPlan {
  const settingsPath = `${clusterDir(name)}/cluster-settings.yaml`;
  const entryPath = `${clusterDir(name)}/infrastructure.yaml`;
  const existing = reader.read(settingsPath);
  const files = [];
  let emptied = false;
  if (existing !== undefined) {
    const contents = editConfigMapData(existing, settingsPath, { name: CLUSTER_SETTINGS_NAME, namespace: 'flux-system', remove: [...COREDNS_SETTING_KEYS] });
    files.push({ path: settingsPath, contents, role: 'merged' as const });
    emptied = parseAllDocuments(contents).some((doc) => {
      const object = doc.toJS() as { kind?: string; metadata?: { name?: string }; data?: object } | null;
      return object?.kind === 'ConfigMap' && object.metadata?.name === CLUSTER_SETTINGS_NAME && Object.keys(object.data ?? {}).length === 0;
    });
  }
  const notes = [
    `Cluster ${name} is out of .yo-rc.json${existing === undefined ? '' : ` and its ${COREDNS_SETTING_KEYS.join(' and ')} keys are out of ${settingsPath}`}; no file was deleted.`,
    ...(reader.read(entryPath) === undefined
      ? []
      : [
          `${entryPath} still makes that cluster apply kubernetes/infrastructure, CoreDNS included, whose substitution now lacks those keys and fails under Flux's strict substitution: delete it if the cluster leaves this setup.`,
        ]),
    ...(emptied ? [`${settingsPath} now holds no keys; delete it too if nothing else reads it.`] : []),
    ...(reader.read(`${clusterDir(name)}/coredns-values.yaml`) === undefined ? [] : [`${clusterDir(name)}/coredns-values.yaml (that cluster's CoreDNS values) is left; delete it with the cluster.`]),
  ];
  return { files, notes };
}
