#![allow(missing_docs)] // criterion_group! generates undocumented items

//! Schema text -> formatted Rust for api.tl + mtproto.tl (the acceptance
//! figure: default configuration, built-in printer), plus variants and the
//! phases separately.

use criterion::{Criterion, criterion_group, criterion_main};

fn schemas() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema");
    ["api.tl", "mtproto.tl"]
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(format!("{dir}/{f}")).expect("bundled schema");
            ((*f).to_owned(), text)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let owned = schemas();
    let sources: Vec<(&str, &str)> = owned
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let config = typelang_codegen::Config::new();
    c.bench_function("generate api+mtproto (default config)", |b| {
        b.iter(|| config.generate_from_sources(&sources).expect("generates"))
    });
    let mut full = typelang_codegen::Config::new();
    full.decodable_functions(true).methods_table(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../schema/methods.tsv"
    ));
    c.bench_function(
        "generate api+mtproto (decodable functions, methods table)",
        |b| b.iter(|| full.generate_from_sources(&sources).expect("generates")),
    );

    let files: Vec<typelang_codegen::SourceFile> = owned
        .iter()
        .map(|(n, t)| typelang_codegen::SourceFile {
            name: n.clone(),
            text: t.clone(),
        })
        .collect();
    let parse_opts = typelang_parser::ParseOptions::default();
    c.bench_function("phase: load (parse + merge)", |b| {
        b.iter(|| typelang_codegen::load::load(files.clone(), &parse_opts).expect("loads"))
    });
    let loaded = typelang_codegen::load::load(files, &parse_opts).expect("loads");
    let aopts = config.analysis_options().expect("options");
    let eopts = config.emit_options().expect("options");
    c.bench_function("phase: analysis", |b| {
        b.iter(|| typelang_codegen::analysis::analyze(&loaded, &aopts).expect("analyses"))
    });
    let ir = typelang_codegen::analysis::analyze(&loaded, &aopts).expect("analyses");
    c.bench_function("phase: emit (one thread)", |b| {
        b.iter(|| typelang_codegen::emit::emit(&ir, &eopts))
    });
    let tokens = typelang_codegen::emit::emit(&ir, &eopts);
    c.bench_function("phase: print (built-in, one thread)", |b| {
        b.iter(|| typelang_codegen::print::print_tokens(tokens.clone()))
    });
    let mut group = c.benchmark_group("slow");
    group.sample_size(10);
    group.bench_function("phase: format (syn + prettyplease, one thread)", |b| {
        b.iter(|| typelang_codegen::format_tokens(tokens.clone()).expect("formats"))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
