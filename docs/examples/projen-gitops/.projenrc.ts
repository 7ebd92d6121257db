// A GitOps repository whose CoreDNS setup is declared here and written by `npx projen`.
import { Project, typescript } from 'projen';
import { CoreDnsGitOps } from 'generator-platform/projen';

const project = new Project({ name: 'platform-gitops' });
// `npx projen` re-runs this file with tsx (projen's default task).
new typescript.ProjenrcTs(project, { runner: typescript.TypeScriptRunner.tsx() });

const coredns = new CoreDnsGitOps(project, {
  clusters: [
    { name: 'infra', serviceCidr: '10.245.0.0/16', dnsIp: '10.245.0.10', replicas: 2 },
    { name: 'apps', serviceCidr: '10.247.0.0/16', dnsIp: '10.247.0.10', replicas: 2 },
  ],
  chart: { version: '1.38.0', source: 'helm' },
});

// Adding a cluster is one line:
// coredns.addCluster({ name: 'edge', serviceCidr: '10.249.0.0/16' });

project.synth();
