/** An honest placeholder for a screen that is not built yet. */
export function Coming({ title, what }: { title: string; what: string }) {
  return (
    <section aria-labelledby="coming-title">
      <h1 id="coming-title" tabIndex={-1}>{title}</h1>
      <p>Coming: {what}. This screen is not built yet; nothing here is saved or sent.</p>
    </section>
  );
}
