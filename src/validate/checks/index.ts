export { checkCluster } from './check-cluster.js';
