// `pnpm demo`: the walkthroughs on embedded fake Zero and Enterprise consoles, side by side.
import { runDemo } from './run-demo.js';

process.exitCode = await runDemo();
