<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About smartcity-console</source>
        <translation>Tentang smartcity-console</translation>
    </message>
    <message>
        <source>Rembang Smart City command-center console</source>
        <translation>Console pusat komando Smart City Rembang</translation>
    </message>
    <message>
        <source>Save support bundle…</source>
        <translation>Simpan paket dukungan…</translation>
    </message>
    <message>
        <source>Running doctor and writing the support bundle…</source>
        <translation>Menjalankan doctor dan menulis paket dukungan…</translation>
    </message>
    <message>
        <source>Support bundle saved: {path}</source>
        <translation>Paket dukungan tersimpan: {path}</translation>
    </message>
    <message>
        <source>The support bundle could not be written: {error}</source>
        <translation>Paket dukungan tidak dapat ditulis: {error}</translation>
    </message>
    <message>
        <source>not running</source>
        <translation>tidak berjalan</translation>
    </message>
</context>
<context>
    <name>BrokerPassword</name>
    <message>
        <source>Broker password</source>
        <translation>Kata sandi broker</translation>
    </message>
    <message>
        <source>The broker at {url} wants the password of {user}. This workstation keeps no passwords (no keyring), so it is asked at each start and never written down.</source>
        <translation>Broker di {url} meminta kata sandi {user}. Workstation ini tidak menyimpan kata sandi (tidak ada keyring), jadi kata sandi ditanyakan setiap kali dijalankan dan tidak pernah dicatat.</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>{topic} mapped and saved in {path}; its readings come with its next message.</source>
        <translation>{topic} dipetakan dan disimpan di {path}; pembacaannya datang bersama pesan berikutnya.</translation>
    </message>
    <message>
        <source>Could not save the language in {}: {}</source>
        <translation>Bahasa tidak dapat disimpan di {}: {}</translation>
    </message>
    <message>
        <source>This data folder is a copy of {}: this console now has its own MQTT client id, {}. Readings queued at the broker for the original stay with the original.</source>
        <translation>Folder data ini adalah salinan dari {}: konsol ini sekarang memakai ID klien MQTT sendiri, {}. Data yang diantrekan broker untuk konsol asal tetap menjadi milik konsol asal.</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>An error occurred</source>
        <translation>Terjadi kesalahan</translation>
    </message>
    <message>
        <source>Something went wrong inside the console. It keeps running; the error has been written to the log file:</source>
        <translation>Ada yang salah di dalam console. Console tetap berjalan; kesalahan sudah dicatat di berkas log:</translation>
    </message>
    <message>
        <source>Something went wrong inside the console. It keeps running; the error could not be written to a log file.</source>
        <translation>Ada yang salah di dalam console. Console tetap berjalan; kesalahan tidak dapat dicatat ke berkas log.</translation>
    </message>
    <message>
        <source>If it happens again, save a support bundle (Help &gt; About) and send it to your administrator.</source>
        <translation>Jika terulang, simpan paket dukungan (Bantuan &gt; Tentang) dan kirimkan ke administrator Anda.</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Salin rincian</translation>
    </message>
    <message>
        <source>{n} more error(s) since this one; all are in the log.</source>
        <translation>{n} kesalahan lain sejak ini; semuanya ada di log.</translation>
    </message>
</context>
<context>
    <name>DashboardTabs</name>
    <message>
        <source>Layout not saved: %1</source>
        <translation>Tata letak tidak tersimpan: %1</translation>
    </message>
    <message>
        <source>Layout saved: %1</source>
        <translation>Tata letak tersimpan: %1</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>5 min</source>
        <translation>5 mnt</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 jam</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 jam</translation>
    </message>
    <message>
        <source>7 d</source>
        <translation>7 hari</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ Mundur</translation>
    </message>
    <message>
        <source>❚❚ Pause</source>
        <translation>❚❚ Jeda</translation>
    </message>
    <message>
        <source>Forward ▶</source>
        <translation>Maju ▶</translation>
    </message>
    <message>
        <source>● Live</source>
        <translation>● Langsung</translation>
    </message>
    <message>
        <source>Layout</source>
        <translation>Tata letak</translation>
    </message>
    <message>
        <source>Paused at %1 WIB</source>
        <translation>Dijeda pada %1 WIB</translation>
    </message>
    <message>
        <source>Showing live data</source>
        <translation>Menampilkan data langsung</translation>
    </message>
    <message>
        <source>⚠ Data delayed: %1 messages waiting</source>
        <translation>⚠ Data tertunda: %1 pesan menunggu</translation>
    </message>
    <message>
        <source>⚠ Data delayed: %1 messages waiting, the broker holds the rest</source>
        <translation>⚠ Data tertunda: %1 pesan menunggu, sisanya ditahan broker</translation>
    </message>
    <message>
        <source>Add plot</source>
        <translation>Tambah grafik</translation>
    </message>
    <message>
        <source>Add value tile</source>
        <translation>Tambah ubin nilai</translation>
    </message>
    <message>
        <source>Add station grid</source>
        <translation>Tambah kisi stasiun</translation>
    </message>
    <message>
        <source>Add a column</source>
        <translation>Tambah kolom</translation>
    </message>
    <message>
        <source>Add a row</source>
        <translation>Tambah baris</translation>
    </message>
    <message>
        <source>Remove the last column</source>
        <translation>Hapus kolom terakhir</translation>
    </message>
    <message>
        <source>Remove the last row</source>
        <translation>Hapus baris terakhir</translation>
    </message>
    <message>
        <source>Arrange panels by dragging</source>
        <translation>Atur panel dengan menyeret</translation>
    </message>
    <message>
        <source>Drag a panel to move it, its corner to resize it; Esc when done</source>
        <translation>Seret panel untuk memindahkannya, sudutnya untuk mengubah ukurannya; Esc bila selesai</translation>
    </message>
    <message>
        <source>Export layout…</source>
        <translation>Ekspor tata letak…</translation>
    </message>
    <message>
        <source>Import layout…</source>
        <translation>Impor tata letak…</translation>
    </message>
    <message>
        <source>Reset to the default layout</source>
        <translation>Kembalikan ke tata letak bawaan</translation>
    </message>
    <message>
        <source>Series…</source>
        <translation>Seri…</translation>
    </message>
    <message>
        <source>Time window</source>
        <translation>Rentang waktu</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Pindahkan</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Kiri</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Kanan</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Atas</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Bawah</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Ukuran</translation>
    </message>
    <message>
        <source>Wider</source>
        <translation>Lebih lebar</translation>
    </message>
    <message>
        <source>Narrower</source>
        <translation>Lebih sempit</translation>
    </message>
    <message>
        <source>Taller</source>
        <translation>Lebih tinggi</translation>
    </message>
    <message>
        <source>Shorter</source>
        <translation>Lebih pendek</translation>
    </message>
    <message>
        <source>Export image (PNG)…</source>
        <translation>Ekspor gambar (PNG)…</translation>
    </message>
    <message>
        <source>Export data (CSV)…</source>
        <translation>Ekspor data (CSV)…</translation>
    </message>
    <message>
        <source>Remove panel</source>
        <translation>Hapus panel</translation>
    </message>
    <message>
        <source>Layout exported to %1</source>
        <translation>Tata letak diekspor ke %1</translation>
    </message>
    <message>
        <source>Layout not imported</source>
        <translation>Tata letak tidak diimpor</translation>
    </message>
    <message>
        <source>The dashboard was left as it was.</source>
        <translation>Dasbor dibiarkan seperti semula.</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Berkas CSV (*.csv)</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Gambar PNG (*.png)</translation>
    </message>
    <message>
        <source>Export panel</source>
        <translation>Ekspor panel</translation>
    </message>
    <message>
        <source>Export layout</source>
        <translation>Ekspor tata letak</translation>
    </message>
    <message>
        <source>Layouts (*.json)</source>
        <translation>Tata letak (*.json)</translation>
    </message>
    <message>
        <source>Import layout</source>
        <translation>Impor tata letak</translation>
    </message>
</context>
<context>
    <name>Dashboards</name>
    <message>
        <source>Overview</source>
        <translation>Ikhtisar</translation>
    </message>
</context>
<context>
    <name>FeedDiagnostics</name>
    <message>
        <source>Total: {messages} messages ({rate} msg/s) · {readings} readings · {errors} errors · {unmatched} unmatched</source>
        <translation>Total: {messages} pesan ({rate} pesan/s) · {readings} bacaan · {errors} galat · {unmatched} tanpa pemetaan</translation>
    </message>
    <message>
        <source>Select a feed to see its last bad payload.</source>
        <translation>Pilih feed untuk melihat payload buruk terakhirnya.</translation>
    </message>
    <message>
        <source>{feed}: no bad payload so far.</source>
        <translation>{feed}: belum ada payload buruk.</translation>
    </message>
    <message>
        <source>{feed} — last error: {error}</source>
        <translation>{feed} — galat terakhir: {error}</translation>
    </message>
    <message>
        <source>Topic filter</source>
        <translation>Filter topik</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <source>Rate (msg/s)</source>
        <translation>Laju (pesan/s)</translation>
    </message>
    <message>
        <source>Readings</source>
        <translation>Bacaan</translation>
    </message>
    <message>
        <source>Decode errors</source>
        <translation>Galat dekode</translation>
    </message>
    <message>
        <source>Oversized</source>
        <translation>Terlalu besar</translation>
    </message>
    <message>
        <source>Ignored</source>
        <translation>Diabaikan</translation>
    </message>
    <message>
        <source>Gaps</source>
        <translation>Celah</translation>
    </message>
    <message>
        <source>Readings that never arrived, by the feed&apos;s sequence number or its expected interval; sequence restarts: {}</source>
        <translation>Pembacaan yang tidak pernah tiba, menurut nomor urut feed atau interval yang diharapkan; nomor urut dimulai ulang: {}</translation>
    </message>
    <message>
        <source>Last good reading</source>
        <translation>Bacaan baik terakhir</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Galat terakhir</translation>
    </message>
    <message>
        <source>Last bad payload</source>
        <translation>Payload buruk terakhir</translation>
    </message>
    <message>
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
</context>
<context>
    <name>FeedPanels</name>
    <message>
        <source>Topic Browser</source>
        <translation>Penjelajah Topik</translation>
    </message>
    <message>
        <source>Feed Diagnostics</source>
        <translation>Diagnostik Feed</translation>
    </message>
</context>
<context>
    <name>FeedText</name>
    <message>
        <source>{} s ago</source>
        <translation>{} s lalu</translation>
    </message>
    <message>
        <source>{} min ago</source>
        <translation>{} min lalu</translation>
    </message>
    <message>
        <source>{} h ago</source>
        <translation>{} jam lalu</translation>
    </message>
    <message>
        <source>{} d ago</source>
        <translation>{} hari lalu</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Broker URL</source>
        <translation>URL broker</translation>
    </message>
    <message>
        <source>Broker user</source>
        <translation>Pengguna broker</translation>
    </message>
    <message>
        <source>Broker password</source>
        <translation>Kata sandi broker</translation>
    </message>
    <message>
        <source>CA certificate</source>
        <translation>Sertifikat CA</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>Sertifikat klien</translation>
    </message>
    <message>
        <source>Client key</source>
        <translation>Kunci klien</translation>
    </message>
    <message>
        <source>Sync server URL</source>
        <translation>URL server sinkronisasi</translation>
    </message>
    <message>
        <source>Workstation name</source>
        <translation>Nama workstation</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>Set up this workstation</source>
        <translation>Siapkan workstation ini</translation>
    </message>
    <message>
        <source>This workstation has no configuration yet. Enter what the command center&apos;s administrator gave you; Test checks it live, Save writes it to {path}. The broker password goes to the system keyring, never into the file.</source>
        <translation>Workstation ini belum dikonfigurasi. Isi data dari administrator pusat komando; Uji memeriksanya langsung, Simpan menulisnya ke {path}. Kata sandi broker disimpan di keyring sistem, tidak pernah di berkas.</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Pilih…</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Uji</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <source>Testing the broker and the server…</source>
        <translation>Menguji broker dan server…</translation>
    </message>
    <message>
        <source>what to do</source>
        <translation>yang perlu dilakukan</translation>
    </message>
    <message>
        <source>Some checks failed (see above). You can still save and fix it later; smartcity-console doctor checks again.</source>
        <translation>Beberapa pemeriksaan gagal (lihat di atas). Anda tetap dapat menyimpan dan memperbaikinya nanti; smartcity-console doctor memeriksa lagi.</translation>
    </message>
    <message>
        <source>Everything answered: you can save.</source>
        <translation>Semua menjawab: Anda dapat menyimpan.</translation>
    </message>
    <message>
        <source>This workstation has no usable keyring, so the broker password cannot be stored safely. Clear the password and save: the console then asks for it at each start. Or use a desktop session with a keyring (Windows Credential Manager, GNOME Keyring), or a client certificate.</source>
        <translation>Workstation ini tidak punya keyring yang dapat dipakai, jadi kata sandi broker tidak dapat disimpan dengan aman. Kosongkan kata sandi lalu simpan: konsol akan menanyakannya setiap kali dijalankan. Atau gunakan sesi desktop dengan keyring (Windows Credential Manager, GNOME Keyring), atau sertifikat klien.</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Bantuan</translation>
    </message>
    <message>
        <source>&amp;About…</source>
        <translation>&amp;Tentang…</translation>
    </message>
</context>
<context>
    <name>IncidentDetail</name>
    <message>
        <source>Select an incident in the list.</source>
        <translation>Pilih insiden di daftar.</translation>
    </message>
    <message>
        <source>Select an incident in the list first.</source>
        <translation>Pilih insiden di daftar dulu.</translation>
    </message>
    <message>
        <source>⚠ ESCALATED</source>
        <translation>⚠ ESKALASI</translation>
    </message>
    <message>
        <source>✓ Saved: {}</source>
        <translation>✓ Tersimpan: {}</translation>
    </message>
    <message>
        <source>Write a comment…</source>
        <translation>Tulis komentar…</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Riwayat</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Dibuat</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Dikonfirmasi</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>Close reason</source>
        <translation>Alasan tutup</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktif</translation>
    </message>
    <message>
        <source>cleared {}</source>
        <translation>pulih {}</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Komentar</translation>
    </message>
    <message>
        <source>Assigned to {}</source>
        <translation>Ditugaskan ke {}</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Tidak lagi ditugaskan</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>Diubah</translation>
    </message>
    <message>
        <source>note</source>
        <translation>catatan</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Create incident</source>
        <translation>Buat insiden</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Ubah…</translation>
    </message>
    <message>
        <source>Acknowledge…</source>
        <translation>Konfirmasi…</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>Tugaskan…</translation>
    </message>
    <message>
        <source>Start work</source>
        <translation>Mulai tangani</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>Selesaikan…</translation>
    </message>
    <message>
        <source>Close…</source>
        <translation>Tutup…</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>Buka kembali…</translation>
    </message>
    <message>
        <source>Add comment</source>
        <translation>Kirim komentar</translation>
    </message>
    <message>
        <source>✗ Not accepted by the server: {} ({}) — {}</source>
        <translation>✗ Tidak diterima oleh server: {} ({}) — {}</translation>
    </message>
    <message>
        <source>creation</source>
        <translation>pembuatan</translation>
    </message>
    <message>
        <source>edit</source>
        <translation>pengubahan</translation>
    </message>
    <message>
        <source>status change</source>
        <translation>perubahan status</translation>
    </message>
    <message>
        <source>comment</source>
        <translation>komentar</translation>
    </message>
    <message>
        <source>assignment</source>
        <translation>penugasan</translation>
    </message>
</context>
<context>
    <name>IncidentDialogs</name>
    <message>
        <source>Title</source>
        <translation>Judul</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Program</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Keparahan</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Stasiun</translation>
    </message>
    <message>
        <source>Series</source>
        <translation>Seri</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Deskripsi</translation>
    </message>
    <message>
        <source>False alarm</source>
        <translation>Alarm palsu</translation>
    </message>
    <message>
        <source>Duplicate of another incident</source>
        <translation>Duplikat insiden lain</translation>
    </message>
    <message>
        <source>Dealt with</source>
        <translation>Sudah ditangani</translation>
    </message>
    <message>
        <source>Other (say why in the note)</source>
        <translation>Lainnya (jelaskan di catatan)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <source>Close incident</source>
        <translation>Tutup insiden</translation>
    </message>
    <message>
        <source>— choose a reason —</source>
        <translation>— pilih alasan —</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Tugaskan</translation>
    </message>
    <message>
        <source>Me</source>
        <translation>Saya</translation>
    </message>
    <message>
        <source>Assign to</source>
        <translation>Tugaskan kepada</translation>
    </message>
    <message>
        <source>Fetching the list of users from the sync server…</source>
        <translation>Mengambil daftar pengguna dari server sinkronisasi…</translation>
    </message>
    <message>
        <source>— nobody —</source>
        <translation>— tanpa petugas —</translation>
    </message>
    <message>
        <source>{} (not in the server&apos;s list now)</source>
        <translation>{} (kini tidak ada di daftar server)</translation>
    </message>
    <message>
        <source>The list of users comes from the sync server.</source>
        <translation>Daftar pengguna berasal dari server sinkronisasi.</translation>
    </message>
    <message>
        <source>No list has been fetched yet: you can assign yourself or nobody until the server can be reached.</source>
        <translation>Belum ada daftar yang diambil: Anda hanya dapat menugaskan diri sendiri atau tanpa petugas sampai server dapat dihubungi.</translation>
    </message>
    <message>
        <source>Showing the list fetched at {}; the server checks the assignment when it receives it.</source>
        <translation>Menampilkan daftar yang diambil pukul {}; server memeriksa penugasan saat menerimanya.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
</context>
<context>
    <name>IncidentFilters</name>
    <message>
        <source>All programs</source>
        <translation>Semua program</translation>
    </message>
    <message>
        <source>Open (not closed)</source>
        <translation>Terbuka (belum ditutup)</translation>
    </message>
    <message>
        <source>Awaiting acknowledgement</source>
        <translation>Menunggu konfirmasi</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Semua status</translation>
    </message>
    <message>
        <source>All severities</source>
        <translation>Semua keparahan</translation>
    </message>
    <message>
        <source>Critical &amp; high</source>
        <translation>Kritis &amp; tinggi</translation>
    </message>
    <message>
        <source>Escalated only</source>
        <translation>Hanya eskalasi</translation>
    </message>
    <message>
        <source>Assigned to me</source>
        <translation>Ditugaskan ke saya</translation>
    </message>
    <message>
        <source>Search title, description, station, series, id…</source>
        <translation>Cari judul, deskripsi, stasiun, seri, id…</translation>
    </message>
</context>
<context>
    <name>Incidents</name>
    <message>
        <source>Severity</source>
        <translation>Keparahan</translation>
    </message>
    <message>
        <source>Acknowledge within</source>
        <translation>Konfirmasi dalam</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Judul</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Stasiun</translation>
    </message>
    <message>
        <source>Program</source>
        <translation>Program</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Dibuat</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritis</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Tinggi</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Sedang</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Rendah</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Baru</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Dikonfirmasi</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>Sedang ditangani</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Terselesaikan</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Ditutup</translation>
    </message>
    <message>
        <source>{days} d {hours} h</source>
        <translation>{days} hari {hours} j</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} j {minutes} m</translation>
    </message>
    <message>
        <source>No acknowledgement pending</source>
        <translation>Tidak menunggu konfirmasi</translation>
    </message>
    <message>
        <source>Acknowledge within {}</source>
        <translation>Konfirmasi dalam {}</translation>
    </message>
    <message>
        <source>ESCALATED: acknowledgement overdue by {}</source>
        <translation>ESKALASI: konfirmasi terlambat {}</translation>
    </message>
    <message>
        <source>ESCALATED +{}</source>
        <translation>ESKALASI +{}</translation>
    </message>
</context>
<context>
    <name>IncidentsPanel</name>
    <message>
        <source>⚠ {} ESCALATED</source>
        <translation>⚠ {} ESKALASI</translation>
    </message>
    <message>
        <source>{} awaiting acknowledgement</source>
        <translation>{} menunggu konfirmasi</translation>
    </message>
    <message>
        <source>{} shown</source>
        <translation>{} ditampilkan</translation>
    </message>
    <message>
        <source>No escalations</source>
        <translation>Tidak ada eskalasi</translation>
    </message>
    <message>
        <source>Incidents</source>
        <translation>Insiden</translation>
    </message>
    <message>
        <source>&amp;Incidents</source>
        <translation>&amp;Insiden</translation>
    </message>
    <message>
        <source>Create incident…</source>
        <translation>Buat insiden…</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Bahasa</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in to the console</source>
        <translation>Masuk ke konsol</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nama pengguna</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Kata sandi</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Workstation: {workstation} · Server: {server}</source>
        <translation>Stasiun kerja: {workstation} · Server: {server}</translation>
    </message>
    <message>
        <source>Contacting the server…</source>
        <translation>Menghubungi server…</translation>
    </message>
    <message>
        <source>Server offline: checking the credentials cached on this workstation.</source>
        <translation>Server tidak dapat dihubungi: memeriksa kredensial yang tersimpan di stasiun kerja ini.</translation>
    </message>
    <message>
        <source>Demo accounts: {accounts}</source>
        <translation>Akun demo: {accounts}</translation>
    </message>
    <message>
        <source>Login failed: {error}</source>
        <translation>Login gagal: {error}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Connecting to broker…</source>
        <translation>Menghubungkan ke broker…</translation>
    </message>
    <message>
        <source>Broker connected</source>
        <translation>Broker terhubung</translation>
    </message>
    <message>
        <source>Broker disconnected</source>
        <translation>Broker terputus</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Berhenti</translation>
    </message>
    <message>
        <source>Rembang Smart City Command Center</source>
        <translation>Pusat Komando Smart City Rembang</translation>
    </message>
    <message>
        <source>retry in {} s</source>
        <translation>coba lagi {} s</translation>
    </message>
    <message>
        <source>{rate} msg/s · {series} series</source>
        <translation>{rate} pesan/s · {series} seri</translation>
    </message>
    <message>
        <source>{} stale</source>
        <translation>{} tanpa data</translation>
    </message>
    <message>
        <source>Rembang Command Center</source>
        <translation>Pusat Komando Rembang</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Tampilan</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>Layar &amp;penuh</translation>
    </message>
    <message>
        <source>F11</source>
        <translation>F11</translation>
    </message>
</context>
<context>
    <name>MapTopicDialog</name>
    <message>
        <source>Map this topic</source>
        <translation>Petakan topik ini</translation>
    </message>
    <message>
        <source>(none: pick fields)</source>
        <translation>(tidak ada: pilih field)</translation>
    </message>
    <message>
        <source>ENERGY.Power, ENERGY.Voltage or *</source>
        <translation>ENERGY.Power, ENERGY.Voltage atau *</translation>
    </message>
    <message>
        <source>ENERGY.Voltage=V, ENERGY.Total=kWh</source>
        <translation>ENERGY.Voltage=V, ENERGY.Total=kWh</translation>
    </message>
    <message>
        <source>rembang/living/pump_power/lasem</source>
        <translation>rembang/living/pump_power/lasem</translation>
    </message>
    <message>
        <source>Topic filter</source>
        <translation>Filter topik</translation>
    </message>
    <message>
        <source>Device profile</source>
        <translation>Profil perangkat</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Time field</source>
        <translation>Field waktu</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zona waktu</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Satuan</translation>
    </message>
    <message>
        <source>Series name</source>
        <translation>Nama seri</translation>
    </message>
    <message>
        <source>Last payload of {topic}</source>
        <translation>Payload terakhir dari {topic}</translation>
    </message>
    <message>
        <source>What decode gives for the {n} payload(s) seen so far:</source>
        <translation>Hasil decode untuk {n} payload yang terlihat sejauh ini:</translation>
    </message>
    <message>
        <source>{n} payload(s) refused with this mapping.</source>
        <translation>{n} payload ditolak dengan pemetaan ini.</translation>
    </message>
    <message>
        <source>No config file to save to.</source>
        <translation>Tidak ada file konfigurasi untuk disimpan.</translation>
    </message>
    <message>
        <source>{topic}, mapped in the topic browser</source>
        <translation>{topic}, dipetakan di penjelajah topik</translation>
    </message>
    <message>
        <source>Could not save to {path}: {error}</source>
        <translation>Tidak dapat menyimpan ke {path}: {error}</translation>
    </message>
</context>
<context>
    <name>SeriesPicker</name>
    <message>
        <source>Choose series</source>
        <translation>Pilih seri</translation>
    </message>
    <message>
        <source>Search series, or type a filter such as rembang/+/pm25/+</source>
        <translation>Cari seri, atau ketik filter seperti rembang/+/pm25/+</translation>
    </message>
    <message>
        <source>Add as filter</source>
        <translation>Tambah sebagai filter</translation>
    </message>
</context>
<context>
    <name>ShiftChange</name>
    <message>
        <source>Sign out (shift change)…</source>
        <translation>Keluar (ganti shift)…</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>The console is already running here (pid {pid}); it was brought to the front.</source>
        <translation>Konsol sudah berjalan di sini (pid {pid}); jendelanya sudah dibawa ke depan.</translation>
    </message>
    <message>
        <source>The console is already running on {host} (pid {pid}) with this data folder.</source>
        <translation>Konsol sudah berjalan di {host} (pid {pid}) dengan folder data ini.</translation>
    </message>
    <message>
        <source>The console cannot use its data folder {folder} ({reason}). It keeps the incident database there, so it must be a folder this user can write to: check the disk is not read-only or full and the folder&apos;s permissions, then start again (smartcity-console doctor checks it too).</source>
        <translation>Konsol tidak dapat memakai folder datanya {folder} ({reason}). Basis data insiden disimpan di sana, jadi folder itu harus dapat ditulisi oleh pengguna ini: periksa bahwa disk tidak hanya-baca atau penuh serta izin folder tersebut, lalu jalankan lagi (smartcity-console doctor juga memeriksanya).</translation>
    </message>
</context>
<context>
    <name>StationGrid</name>
    <message>
        <source>no data</source>
        <translation>tidak ada data</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>Sync offline since {} WIB</source>
        <translation>Sinkronisasi terputus sejak {} WIB</translation>
    </message>
    <message>
        <source>{} changes waiting</source>
        <translation>{} perubahan menunggu</translation>
    </message>
    <message>
        <source>Sync error: {}</source>
        <translation>Galat sinkronisasi: {}</translation>
    </message>
    <message>
        <source>{} changes waiting to sync</source>
        <translation>{} perubahan menunggu sinkronisasi</translation>
    </message>
    <message>
        <source>{} must sign in again</source>
        <translation>{} harus masuk lagi</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Tersinkron</translation>
    </message>
    <message>
        <source>Sync starting…</source>
        <translation>Sinkronisasi dimulai…</translation>
    </message>
    <message>
        <source>Change refused by the server</source>
        <translation>Perubahan ditolak server</translation>
    </message>
    <message>
        <source>The sync server refused {} of your changes; the incidents show its state again.</source>
        <translation>Server sinkronisasi menolak {} perubahan Anda; insiden kembali menampilkan keadaan dari server.</translation>
    </message>
    <message>
        <source>create</source>
        <translation>pembuatan</translation>
    </message>
    <message>
        <source>edit</source>
        <translation>pengubahan</translation>
    </message>
    <message>
        <source>status change</source>
        <translation>perubahan status</translation>
    </message>
    <message>
        <source>comment</source>
        <translation>komentar</translation>
    </message>
    <message>
        <source>assignment</source>
        <translation>penugasan</translation>
    </message>
    <message>
        <source>{} changes not accepted by the server</source>
        <translation>{} perubahan tidak diterima oleh server</translation>
    </message>
</context>
<context>
    <name>TimeSeriesPanel</name>
    <message>
        <source>time (WIB)</source>
        <translation>waktu (WIB)</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>tidak ada data</translation>
    </message>
    <message>
        <source>PAUSED: showing history</source>
        <translation>JEDA: menampilkan riwayat</translation>
    </message>
    <message>
        <source>⚠ no recent data</source>
        <translation>⚠ tidak ada data terbaru</translation>
    </message>
</context>
<context>
    <name>TopicBrowser</name>
    <message>
        <source>Search topics…</source>
        <translation>Cari topik…</translation>
    </message>
    <message>
        <source>Add to plot</source>
        <translation>Tambah ke grafik</translation>
    </message>
    <message>
        <source>Map this topic…</source>
        <translation>Petakan topik ini…</translation>
    </message>
    <message>
        <source>{n} topics</source>
        <translation>{n} topik</translation>
    </message>
    <message>
        <source> · {n} messages dropped (topic limit)</source>
        <translation> · {n} pesan dibuang (batas topik)</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>Topik</translation>
    </message>
    <message>
        <source>Last value</source>
        <translation>Nilai terakhir</translation>
    </message>
    <message>
        <source>Last payload</source>
        <translation>Payload terakhir</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Pesan</translation>
    </message>
    <message>
        <source>Rate (msg/s)</source>
        <translation>Laju (pesan/s)</translation>
    </message>
    <message>
        <source>Retained</source>
        <translation>Retained</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ya</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(kosong)</translation>
    </message>
    <message>
        <source>Select a topic to see its last payload.</source>
        <translation>Pilih topik untuk melihat payload terakhirnya.</translation>
    </message>
    <message>
        <source>

… (cut: {kept} of {size} bytes kept)</source>
        <translation>

… (terpotong: {kept} dari {size} bait disimpan)</translation>
    </message>
    <message>
        <source>no</source>
        <translation>tidak</translation>
    </message>
    <message>
        <source>{topic}
Messages: {messages} · last value: {value} · {size} bytes · retained: {retained}
Last: {last}</source>
        <translation>{topic}
Pesan: {messages} · nilai terakhir: {value} · {size} bait · retained: {retained}
Terakhir: {last}</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>tanpa data</translation>
    </message>
</context>
<context>
    <name>ValueTile</name>
    <message>
        <source>on</source>
        <translation>nyala</translation>
    </message>
    <message>
        <source>off</source>
        <translation>mati</translation>
    </message>
    <message>
        <source>no data for %n min</source>
        <translation>tidak ada data selama %n mnt</translation>
    </message>
    <message>
        <source>limit</source>
        <translation>batas</translation>
    </message>
</context>
<context>
    <name>WallBanner</name>
    <message>
        <source>No incident awaits acknowledgement</source>
        <translation>Tidak ada insiden yang menunggu konfirmasi</translation>
    </message>
    <message>
        <source>⚠ {} ESCALATED</source>
        <translation>⚠ {} ESKALASI</translation>
    </message>
    <message>
        <source>{} UNACKNOWLEDGED</source>
        <translation>{} MENUNGGU KONFIRMASI</translation>
    </message>
    <message>
        <source>… and {} more</source>
        <translation>… dan {} lainnya</translation>
    </message>
</context>
<context>
    <name>WallMode</name>
    <message>
        <source>&amp;Wall mode</source>
        <translation>Mode &amp;dinding</translation>
    </message>
    <message>
        <source>Full screen on every monitor; Esc leaves</source>
        <translation>Layar penuh di setiap monitor; Esc untuk keluar</translation>
    </message>
</context>
<context>
    <name>WallStatus</name>
    <message>
        <source>Sync: no state reported</source>
        <translation>Sinkronisasi: status belum dilaporkan</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sinkronisasi</translation>
    </message>
    <message>
        <source>Sync: {}</source>
        <translation>Sinkronisasi: {}</translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message>
        <source>No dashboards configured</source>
        <translation>Tidak ada dasbor yang dikonfigurasi</translation>
    </message>
    <message>
        <source>PAUSED</source>
        <translation>DIJEDA</translation>
    </message>
    <message>
        <source>HELD</source>
        <translation>DITAHAN</translation>
    </message>
    <message>
        <source>Space: pause · ← →: page · Esc: leave</source>
        <translation>Spasi: jeda · ← →: halaman · Esc: keluar</translation>
    </message>
</context>
</TS>
