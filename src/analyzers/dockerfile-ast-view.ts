// dockerfile-ast's parse as the model's view (dockerfile-view.ts): the reader for the Dockerfiles
// the fast tokenizer leaves (heredocs, escape directives, comments inside continuations...). It
// sits in a chunk of its own with dockerfile-ast, loaded only when a run has such a file.
import {
  Arg,
  Cmd,
  Copy,
  DockerfileParser,
  Entrypoint,
  Env,
  From,
  Run,
  type Argument,
  type Flag,
  type Instruction,
  type Property,
} from "dockerfile-ast";
import type {
  DfArgument,
  DfDocument,
  DfInstruction,
  DfProperty,
  DfRange,
} from "./dockerfile-view.ts";

export function viewDockerfile(text: string): DfDocument {
  const df = DockerfileParser.parse(text);
  return { escape: df.getEscapeCharacter(), instructions: df.getInstructions().map(view) };
}

function range(r: DfRange): DfRange {
  return {
    start: { line: r.start.line, character: r.start.character },
    end: { line: r.end.line, character: r.end.character },
  };
}

function args(list: Argument[]): DfArgument[] {
  return list.map((a) => ({ value: a.getValue(), range: range(a.getRange()) }));
}

function property(p: Property): DfProperty {
  const vr = p.getValueRange();
  return {
    name: p.getName(),
    unescapedValue: p.getUnescapedValue(),
    valueRange: vr ? range(vr) : null,
    assignmentOperator: p.getAssignmentOperator(),
    range: range(p.getRange()),
  };
}

/** The first flag of that name. */
function flagNamed(flags: Flag[], name: string): Flag | undefined {
  return flags.find((f) => f.getName() === name);
}

function view(ins: Instruction): DfInstruction {
  const out: DfInstruction = {
    keyword: ins.getKeyword(),
    instruction: ins.getInstruction(),
    range: range(ins.getRange()),
  };
  if (ins instanceof From) {
    out.arguments = args(ins.getArguments());
    const image = ins.getImageRange();
    out.imageRange = image ? range(image) : null;
    out.platform = flagNamed(ins.getFlags(), "platform")?.getValue() ?? null;
  } else if (ins instanceof Arg) {
    const p = ins.getProperty();
    out.properties = p ? [property(p)] : [];
  } else if (ins instanceof Env) {
    out.properties = ins.getProperties().map(property);
  } else if (ins instanceof Copy) {
    // getFromFlag() gives the flag only when it is the only one: `COPY --from=b --chown=x` would
    // lose its stage. BuildKit takes flags in any number and order.
    const flag = flagNamed(ins.getFlags(), "from");
    out.fromFlag = flag ? { value: flag.getValue(), range: range(flag.getRange()) } : null;
  } else if (out.keyword === "ADD") {
    out.arguments = args(ins.getArguments());
    out.argumentsContent = ins.getArgumentsContent();
  } else if (ins instanceof Run) {
    out.textContent = ins.getTextContent();
  } else if (ins instanceof Entrypoint || ins instanceof Cmd) {
    out.arguments = args(ins.getArguments());
    const bracket = ins.getOpeningBracket();
    out.exec = {
      openingBracket: bracket !== null,
      strings: ins
        .getJSONStrings()
        .map((j) => ({ value: j.getJSONValue(), range: range(j.getRange()) })),
    };
  }
  return out;
}
