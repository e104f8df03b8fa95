// What the Dockerfile model (dockerfile.ts) reads of a parsed Dockerfile: its escape character and,
// per instruction, the parts it uses. Two readers give it: a fast tokenizer of plain Dockerfiles
// (dockerfile-lite.ts), and dockerfile-ast for the rest (dockerfile-ast-view.ts, loaded only when a
// file needs it). Both give what dockerfile-ast's API returns (dockerfile-lite.test.ts), but for
// the flags, which are looked up by name among all of them.

/** 0-based line and UTF-16 character, as in dockerfile-ast (and the language server protocol). */
export interface DfPosition {
  line: number;
  character: number;
}

export interface DfRange {
  start: DfPosition;
  end: DfPosition;
}

/** An argument (getArguments()), or a JSON string of the exec form (then its getJSONValue()). */
export interface DfArgument {
  value: string;
  range: DfRange;
}

/** An ENV or ARG property. */
export interface DfProperty {
  name: string;
  unescapedValue: string | null;
  valueRange: DfRange | null;
  assignmentOperator: string | null;
  range: DfRange;
}

export interface DfFlag {
  value: string | null;
  range: DfRange;
}

/**
 * One instruction. Besides keyword, instruction text and range, only the parts the model reads for
 * that keyword are there: FROM its arguments, image range and platform flag; ARG and ENV their
 * properties; COPY its --from flag; ADD its arguments and their content; RUN its text; CMD and
 * ENTRYPOINT their arguments and exec form.
 */
export interface DfInstruction {
  /** The keyword upper-cased (getKeyword()). */
  keyword: string;
  /** The keyword as written (getInstruction()). */
  instruction: string;
  range: DfRange;
  arguments?: DfArgument[];
  argumentsContent?: string | null;
  textContent?: string;
  properties?: DfProperty[];
  /** COPY's first --from flag (dockerfile-ast's getFromFlag() gives it only when it is alone). */
  fromFlag?: DfFlag | null;
  imageRange?: DfRange | null;
  /** FROM's first --platform value. */
  platform?: string | null;
  /** CMD and ENTRYPOINT: whether an opening bracket starts the exec form, and its strings. */
  exec?: { openingBracket: boolean; strings: DfArgument[] };
}

export interface DfDocument {
  escape: string;
  instructions: DfInstruction[];
}
