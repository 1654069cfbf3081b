import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";

/**
 * Args as a component receives them from another Pulumi language: serialized the way an SDK sends
 * a `Construct` request (the schema's camelCase names, plain values, Outputs and resource
 * references) and deserialized by the component provider `pulumi package add` starts
 * (`@pulumi/pulumi/provider/server`). What arrives are plain objects — no class instances of this
 * package, no methods — which is what a component must accept to be usable from Python, Go, .NET,
 * Java or YAML.
 */
// the provider host's own deserializer (exported by its module, not declared in its types)
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deserializeInputs } = require("@pulumi/pulumi/provider/server") as {
  deserializeInputs(inputs: Struct, deps: Map<string, unknown>): Promise<Record<string, unknown>>;
};

export async function overTheWire<T extends object>(args: T): Promise<T> {
  const serialized = (await rpc.serializeProperties("wire", args as Record<string, unknown>, {
    keepOutputValues: true,
  })) as Record<string, unknown>;
  return (await deserializeInputs(Struct.fromJavaScript(serialized as never), new Map())) as T;
}
