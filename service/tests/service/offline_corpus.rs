//! The bad-input corpus of `sdk/tests/corpus/`, uploaded through the portal's service: each
//! file is refused with its own sentence (the SDK's, as a sentence) and nothing is held,
//! activated or counted.

#[path = "../../../sdk/tests/support/corpus_cases.rs"]
mod corpus_cases;

use crate::offline::{counts, world};
use corpus_cases::CASES;
use sea_orm::{EntityTrait, PaginatorTrait};
use service::{
    ServiceError,
    entities::offline_upload,
    offline::{self, UploadKind},
};

#[tokio::test]
async fn every_corpus_file_is_refused_with_its_own_sentence_and_changes_nothing() {
    let w = world(None).await;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../sdk/tests/corpus");
    for (name, deactivation, expected) in CASES {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let kind = if *deactivation {
            UploadKind::Deactivation
        } else {
            UploadKind::Activation
        };
        match offline::stage(&w.db, &w.owner, kind, &bytes).await {
            Err(ServiceError::Invalid(errors)) => {
                let message = &errors[0].message;
                assert!(
                    message.to_lowercase().contains(&expected.to_lowercase()),
                    "{name}: {message}"
                );
                assert!(
                    message.starts_with(char::is_uppercase) && message.ends_with('.'),
                    "{name}: not a sentence: {message}"
                );
            }
            other => panic!("{name}: expected a refusal, got {other:?}"),
        }
    }
    assert_eq!(
        offline_upload::Entity::find().count(&w.db).await.unwrap(),
        0
    );
    assert_eq!(counts(&w.db, w.license_id).await, (0, 0));
}
