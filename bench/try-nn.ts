import { measureZeroNoNetwork, measureEnterpriseNoNetwork } from './no-network.js';
console.log(JSON.stringify(await measureZeroNoNetwork({ rounds: 3, iterations: 300 }), null, 1));
console.log(JSON.stringify(await measureEnterpriseNoNetwork({ rounds: 3, iterations: 300 }), null, 1));
