// specs/thyroid-fewshot.aug — METHOD.md §6.2: thyroid with n ∈ {5 … 100} labelled examples per
// class, as many generated as originals; Baseline / VAE / VAE + GC. The test set stays fixed.
experiment thyroid_fewshot "Thyroid few-shot: does a per-class VAE help with n examples per class?" {
  seed 2023
  repeats 5

  data thyroid = proben1("thyroid")
  // the rarest thyroid class has 166 rows: a 75% pool holds 124 of them, enough for 100 shots
  split thyroid stratified { pool 0.75, test 0.25 }

  vae per_class_vae {
    per_class on shots mix_in 0.2            // trained on the few labelled shots of each cell
    latent 2
    beta norm 1.0
    encoder dense [64, 32]
    likelihood bernoulli
    train steps 6000 batch 32 lr 1e-3
  }

  classifier mlp_ref {
    mlp [128, 256, 512]
    activation leaky_relu
    batchnorm
    dropout 0.1
    epochs 50 batch 32 lr 1e-3
  }

  sweep shots in [5, 10, 20, 30, 50, 100] per_class from pool

  arm baseline
  arm vae      = per_class_vae.prior(alpha 1.0) count same
  arm "vae+gc" = per_class_vae.prior(alpha 1.0) count same filter gc(noise sigma 0.1, keep 0.5)

  metric weighted_f1, accuracy
  report "../reports/thyroid-fewshot.md" {
    table weighted_f1 rows shots cols arm
    plot weighted_f1 over shots
    plot weighted_f1 gain over shots
  }
}
