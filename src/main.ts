// Entry point of dist/index.js: the action. Thin: builds its dependencies and calls runAction().
import * as core from "@actions/core";
import { runAction } from "./action.ts";
import { ConfigError } from "./config.ts";
import { actionsLogger } from "./github/logger.ts";
import { limitHeapGrowth } from "./heap.ts";

limitHeapGrowth();

try {
  await runAction({
    getInput: (name) => core.getInput(name),
    env: process.env,
    log: actionsLogger(),
  });
} catch (e) {
  if (e instanceof ConfigError) core.setFailed(`gomemcheck: ${e.message}`);
  else
    core.setFailed(
      `gomemcheck: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
}
