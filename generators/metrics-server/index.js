// Entry point Yeoman discovers as platform:metrics-server: the generic service generator.
import { serviceGenerator } from '../../dist/src/generators/service-generator.js';

export default serviceGenerator('metrics-server');
