/** The consumer stack: `pulumi up` in this folder, after setting `obskit-consumer:obskitStack`. */
import { createConsumer } from "./consumer";

export = async () => createConsumer();
