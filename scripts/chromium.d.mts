export declare const chromiumArgs: string[];
export declare const HOW_TO_INSTALL: string;
export declare function findChromium(): string | undefined;
export declare function chromiumPath(): string;
