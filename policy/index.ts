/** The obskit policy pack: `pulumi preview --policy-pack policy`. The same rules run offline in `obskit plan`. */
import { PolicyPack } from "@pulumi/policy";
import { POLICIES } from "./policies";

new PolicyPack("obskit", { policies: POLICIES });
