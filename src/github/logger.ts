// The one logger for the action: workflow commands, outputs and the job summary, via @actions/core.
import * as core from "@actions/core";

export type AnnotationLevel = "error" | "warning" | "notice";

export interface AnnotationProps {
  title?: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
}

export interface Logger {
  info(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
  annotation(level: AnnotationLevel, message: string, props: AnnotationProps): void;
  setSecret(secret: string): void;
  setOutput(name: string, value: string): void;
  setFailed(message: string): void;
  /** Appends Markdown to the job summary; a missing summary file is logged, not fatal. */
  summary(markdown: string): Promise<void>;
}

export function actionsLogger(): Logger {
  return {
    info: (m) => core.info(m),
    notice: (m) => core.notice(m),
    warning: (m) => core.warning(m),
    annotation: (level, message, props) => {
      if (level === "error") core.error(message, props);
      else if (level === "warning") core.warning(message, props);
      else core.notice(message, props);
    },
    setSecret: (s) => core.setSecret(s),
    setOutput: (n, v) => core.setOutput(n, v),
    setFailed: (m) => core.setFailed(m),
    summary: async (markdown) => {
      try {
        await core.summary.addRaw(markdown, true).write();
      } catch (e) {
        core.info(`gomemcheck: no job summary written (${(e as Error).message})`);
      }
    },
  };
}
