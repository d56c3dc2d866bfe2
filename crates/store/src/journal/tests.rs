use super::*;
use newsner_ingest::IngestError;

fn error_item(n: usize) -> PartItem {
    PartItem::Error {
        error: IngestError::new(
            &format!("f{n}.txt"),
            None,
            newsner_ingest::ErrorKind::Empty,
            "empty".into(),
        ),
        order: Some(n as u64),
    }
}

fn key(model: &str) -> RunId {
    RunId {
        key: [("model".to_string(), model.to_string())].into(),
        inputs: Vec::new(),
    }
}

#[test]
fn committed_parts_survive_and_uncommitted_work_is_dropped() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("work");
    let mut j = Journal::start(&dir, &key("m")).unwrap();
    j.push(&error_item(0));
    j.push(&error_item(1));
    let at = Position {
        items: 2,
        files_done: 2,
        items_at_files_done: 2,
        input_bytes: 10,
    };
    j.commit(at).unwrap();
    j.push(&error_item(2)); // never committed: lost with the process
                            // A part written but not journaled, and a torn journal line.
    std::fs::write(part_path(&dir, 1), "{}\n").unwrap();
    let mut log = std::fs::OpenOptions::new()
        .append(true)
        .open(dir.join(JOURNAL))
        .unwrap();
    log.write_all(b"{\"part\":1,\"by").unwrap();
    drop(j);

    assert_eq!(Journal::found(&dir), Some(at));
    let mismatch = Journal::resume(&dir, &key("other"), &[])
        .err()
        .unwrap()
        .to_string();
    assert_eq!(
        mismatch.matches("model: was m, now other").count(),
        1,
        "a changed setting is named once: {mismatch}"
    );

    let mut j = Journal::resume(&dir, &key("m"), &[]).unwrap().unwrap();
    assert_eq!(j.done(), at);
    assert!(!part_path(&dir, 1).exists());
    let items: Vec<PartItem> = j.items().map(Result::unwrap).collect();
    assert_eq!(items, vec![error_item(0), error_item(1)]);
    j.push(&error_item(2));
    j.commit(Position { items: 3, ..at }).unwrap();
    drop(j);
    let j = Journal::resume(&dir, &key("m"), &[]).unwrap().unwrap();
    assert_eq!(j.items().count(), 3);
    assert_eq!(j.done().items, 3);
    j.remove().unwrap();
    assert!(!dir.exists());
}

#[test]
fn a_part_that_fills_the_disk_leaves_no_temporary_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("work");
    let mut j = Journal::start(&dir, &key("m")).unwrap();
    j.push(&error_item(0));
    // The part's temporary file on a full disk: /dev/full fails every write.
    let temp = part_path(&dir, 0).with_extension("tmp");
    std::os::unix::fs::symlink("/dev/full", &temp).unwrap();
    let err = j.commit(Position::default()).unwrap_err().to_string();
    assert!(err.contains("No space left on device"), "{err}");
    assert!(
        std::fs::symlink_metadata(&temp).is_err(),
        "{} is left",
        temp.display()
    );
    assert!(!part_path(&dir, 0).exists());
    assert_eq!(j.parts, 0, "nothing is committed");
}

#[test]
fn a_refused_resume_names_the_inputs_that_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("work");
    let listing = |lines: &[&str]| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    let id = |fingerprint: &str, inputs: &[&str]| RunId {
        key: [
            ("model".to_string(), "m".to_string()),
            (INPUTS_KEY.to_string(), fingerprint.to_string()),
        ]
        .into(),
        inputs: listing(inputs),
    };
    let was = id("3 files, x", &["a.txt\t10:1", "b.txt\t20:1", "c.txt\t30:1"]);
    let mut j = Journal::start(&dir, &was).unwrap();
    j.push(&error_item(0));
    j.commit(Position {
        items: 1,
        ..Position::default()
    })
    .unwrap();
    drop(j);
    let now = id("3 files, y", &["a.txt\t10:1", "b.txt\t21:2", "d.txt\t5:1"]);
    let err = Journal::resume(&dir, &now, &[]).err().unwrap().to_string();
    assert!(
        err.contains(
            "3 input(s) changed since it began: b.txt (modified), d.txt (new), c.txt (gone)"
        ),
        "{err}"
    );
    assert!(!err.contains("was 3 files"), "{err}");
    assert!(JournalError::Mismatch(err).must_restart());
}

#[test]
fn a_journal_of_an_earlier_key_form_resumes_and_is_compared_with_that_form() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("work");
    let old_form = |stamp: &str| RunId {
        key: [
            ("model".to_string(), "m".to_string()),
            (INPUTS_KEY.to_string(), format!("1 files, {stamp}")),
        ]
        .into(),
        inputs: vec![format!("a.txt\t{stamp}")],
    };
    let mut j = Journal::start(&dir, &old_form("10:1.5")).unwrap();
    j.push(&error_item(0));
    j.commit(Position {
        items: 1,
        ..Position::default()
    })
    .unwrap();
    drop(j);
    let mut current = key("m");
    current.key.insert("model files".into(), "new form".into());
    // The same run, named as this version and as the one that began it.
    let j = Journal::resume(&dir, &current, &[old_form("10:1.5")]).unwrap();
    assert_eq!(j.unwrap().done().items, 1);
    // A changed input is named from the old form's listing, not as a
    // difference of every key of the new form.
    let err = Journal::resume(&dir, &current, &[old_form("10:2.0")])
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("a.txt (modified)"), "{err}");
    assert!(!err.contains("model files"), "{err}");
}
