import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type Obj, assertOnly, check, coreDnsObjects } from './support.js';

const service = (name: string, clusterIP: string, namespace = 'default'): Obj => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { clusterIP, ports: [{ port: 80 }] } });
const withClusterIp = (ip: string, serviceCidr?: string) =>
  check(
    coreDnsObjects((o) => (o.release.spec.values.service.clusterIP = ip)),
    serviceCidr,
  );

describe('network', () => {
  test('clusterip-invalid: a ClusterIP that is not an address', () => {
    assertOnly(withClusterIp('10.245.0'), { code: 'clusterip-invalid', severity: 'error', path: 'spec.values.service.clusterIP', message: /not an IP address|dotted-quad/ });
  });

  test("clusterip-outside-cidr: an address of another cluster's range", () => {
    assertOnly(withClusterIp('10.247.0.10'), { code: 'clusterip-outside-cidr', severity: 'error', path: 'spec.values.service.clusterIP', message: /not inside serviceCidr 10\.245\.0\.0\/16/ });
  });

  test('clusterip-outside-cidr: the network address of the range', () => {
    assertOnly(withClusterIp('10.245.0.0'), { code: 'clusterip-outside-cidr', severity: 'error', path: 'spec.values.service.clusterIP', message: /network address/ });
  });

  test('clusterip-outside-cidr: the network address is an error on a chart version without a profile too', () => {
    const findings = check(
      coreDnsObjects((o) => {
        o.release.spec.chart.spec.version = '1.99.0';
        o.release.spec.values.service.clusterIP = '10.245.0.0';
      }),
    );
    assert.deepEqual(findings.map((f) => [f.code, f.severity]).sort(), [
      ['chart-no-profile', 'warning'],
      ['clusterip-outside-cidr', 'error'],
    ]);
    assert.match(findings.find((f) => f.code === 'clusterip-outside-cidr')!.message, /10\.245\.0\.0 is the network address of 10\.245\.0\.0\/16/);
  });

  // The rule of Kubernetes' ClusterIP allocators (pkg/registry/core/service/ipallocator, both the
  // bitmap and the IPAddress one): the range's first address is never handed out, and for IPv4
  // its last (broadcast) address neither; an IPv6 range's last address is.
  test("clusterip-outside-cidr: a Service's own spec.clusterIP at the network or IPv4 broadcast address", () => {
    const network = assertOnly(check([service('dns', '10.245.0.0', 'kube-system')]), {
      code: 'clusterip-outside-cidr',
      severity: 'error',
      path: 'spec.clusterIP',
      object: 'Service/kube-system/dns',
      message: /^10\.245\.0\.0 is the network address of 10\.245\.0\.0\/16; the API server refuses the Service$/,
    });
    assert.match(network.fix, /^set spec\.clusterIP to an address inside 10\.245\.0\.0\/16 other than its network and broadcast address \(e\.g\. 10\.245\.0\.10\)/);
    assertOnly(check([service('dns', '10.245.255.255')]), { code: 'clusterip-outside-cidr', severity: 'error', path: 'spec.clusterIP', message: /broadcast address/ });
    assertOnly(check([service('dns', '10.247.0.10')]), { code: 'clusterip-outside-cidr', severity: 'error', path: 'spec.clusterIP', message: /not inside serviceCidr/ });
    const dualStack = { ...service('dns', '10.245.1.1'), spec: { clusterIP: '10.245.1.1', clusterIPs: ['10.245.1.1', 'fd00::0'] } };
    assert.deepEqual(check([dualStack]), [], 'an address of the other family is not judged against an IPv4 range');
    assert.deepEqual(check([service('first', '10.245.0.1'), service('last-usable', '10.245.255.254'), service('headless', 'None')]), []);
  });

  test('clusterip-outside-cidr on IPv6: the network address is refused, the last address is not', () => {
    const v6 = 'fd00:10:96::/112';
    assertOnly(check([service('dns', 'fd00:10:96::', 'kube-system')], v6), {
      code: 'clusterip-outside-cidr',
      severity: 'error',
      path: 'spec.clusterIP',
      message: /network address of fd00:10:96::\/112/,
    });
    assert.deepEqual(check([service('dns', 'fd00:10:96::ffff')], v6), []);
    const release = assertOnly(
      check(
        coreDnsObjects((o) => (o.release.spec.values.service.clusterIP = 'fd00:10:96::')),
        v6,
      ),
      { code: 'clusterip-outside-cidr', severity: 'error', path: 'spec.values.service.clusterIP' },
    );
    assert.match(release.fix, /other than its network address, e\.g\. its 10th, fd00:10:96::a$/);
  });

  test('ClusterIPs are not checked without a Service CIDR', () => {
    assert.deepEqual(withClusterIp('10.247.0.10', ''), []);
  });

  test('clusterip-conflict: a Service claiming the ClusterIP the CoreDNS release asks for', () => {
    const findings = check([...coreDnsObjects(), service('web', '10.245.0.10')]);
    const finding = assertOnly(findings, { code: 'clusterip-conflict', severity: 'error', path: 'spec.values.service.clusterIP', object: 'HelmRelease/kube-system/coredns' });
    assert.match(finding.message, /also claimed by Service\/default\/web/);
  });

  test('clusterip-conflict: two Services with one ClusterIP; None and unset never conflict', () => {
    const findings = check([service('a', '10.245.1.1'), service('b', '10.245.1.1', 'other'), service('c', 'None'), service('d', 'None'), { ...service('e', ''), spec: {} }]);
    assertOnly(findings, { code: 'clusterip-conflict', severity: 'error', path: 'spec.clusterIP', object: 'Service/other/b' });
  });
});
